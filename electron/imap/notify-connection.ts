// One IMAP connection that only listens: it logs in, asks for NOTIFY (RFC 5465) on every
// personal mailbox, and then IDLEs, handing each unsolicited STATUS and LIST to its owner.
// imapflow cannot do this: it drops STATUS and LIST responses no command of its own asked
// for. Every TLS session is admitted by electron/certificates/ like imapflow's; each step
// but the wait itself runs under the step deadlines of electron/net/progress-deadline.ts.
import { connect as connectTcp, type Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { LetterboxError } from '../../shared/errors.ts';
import { withTokenRenewal } from '../oauth/token-login.ts';
import { tokenSaslMessage } from '../oauth/token-sasl-message.ts';
import { extraCa } from '../certificates/extra-ca.ts';
import { connectVerifiedTls } from '../certificates/verified-tls-connect.ts';
import { StepWatchdog, stepDeadlines } from '../net/progress-deadline.ts';
import { classifyImapError, type ImapErrorContext } from './classify-imap-error.ts';
import { DEFAULT_TIMEOUT_MS } from './imap-flow-options.ts';
import { DEFAULT_IMAP_LIMITS, type ImapLimits } from './imap-limits.ts';
import { ImapProtocolError, ImapResponseReader } from './imap-response-reader.ts';
import type { ImapConnectionSettings } from './imap-types.ts';
import { capabilitiesFromCode, parseResponse, type ImapResponse } from './notify-responses.ts';
import type { NotifyHandlers, NotifySession } from './notify-types.ts';
import { IDLE_RESTART_MS } from './watch-folder.ts';

// Nothing this connection asks for is large: capability lines, STATUS and LIST of one
// mailbox each. Far below imapflow's caps, so a hostile server cannot make it hold much.
export const NOTIFY_LIMITS: ImapLimits = {
  maxLiteralSize: 64 * 1024,
  maxLineLength: 256 * 1024,
  maxResponseSize: 512 * 1024,
  maxResponseTokens: 10_000,
};

// RFC 5465 6: personal covers every mailbox of the user's own namespaces, INBOX included;
// STATUS asks for the current state of each at once (5.1), which closes the gap between the
// last sync and this command. MailboxName and SubscriptionChange come as LIST (5.4, 5.5).
export const NOTIFY_SET_COMMAND = 'NOTIFY SET STATUS (personal (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange))';

export type NotifyConnectionOptions = {
  // No byte at all for this long while idling: end IDLE and ask for notifications again,
  // which proves the connection alive (or times out) and renews what the server watches.
  // Defaults to the settings' timeout.
  readonly keepaliveMs?: number;
  // RFC 2177 3: IDLE is re-issued within the server's 30-minute inactivity limit.
  readonly idleRestartMs?: number;
};

type Pending = { readonly resolve: (response: TaggedResponse) => void; readonly reject: (error: LetterboxError) => void };
type TaggedResponse = Extract<ImapResponse, { kind: 'tagged' }>;

function capped(limits: ImapLimits | undefined): ImapLimits {
  const given = limits ?? DEFAULT_IMAP_LIMITS;
  return {
    maxLiteralSize: Math.min(given.maxLiteralSize, NOTIFY_LIMITS.maxLiteralSize),
    maxLineLength: Math.min(given.maxLineLength, NOTIFY_LIMITS.maxLineLength),
    maxResponseSize: Math.min(given.maxResponseSize, NOTIFY_LIMITS.maxResponseSize),
    maxResponseTokens: Math.min(given.maxResponseTokens, NOTIFY_LIMITS.maxResponseTokens),
  };
}

function tlsOptions(settings: ImapConnectionSettings, socket?: Socket): ConnectionOptions {
  return {
    host: settings.host,
    port: settings.port,
    ...(socket === undefined ? {} : { socket }),
    ...extraCa(settings.trustedCertificates ?? []),
  };
}

// RFC 3501 9: a quoted string carries any 7-bit text but CR, LF and NUL; others need a literal.
function quotable(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

// An OAuth2 account's refused token is renewed and tried once more, as for its other
// connections (electron/oauth/token-login.ts).
export function openNotifyConnection(
  settings: ImapConnectionSettings,
  handlers: NotifyHandlers,
  connectionOptions: NotifyConnectionOptions = {},
): Promise<NotifySession | null> {
  return withTokenRenewal(settings, (current) => openNotifyConnectionOnce(current, handlers, connectionOptions));
}

async function openNotifyConnectionOnce(
  settings: ImapConnectionSettings,
  handlers: NotifyHandlers,
  connectionOptions: NotifyConnectionOptions,
): Promise<NotifySession | null> {
  const context: ImapErrorContext = { host: settings.host, port: settings.port, username: settings.username, password: settings.accessToken ?? settings.password };
  const where = `${settings.host}:${settings.port}`;
  const limits = capped(settings.limits);
  const reader = new ImapResponseReader(limits);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const keepaliveMs = connectionOptions.keepaliveMs ?? timeoutMs;
  const idleRestartMs = connectionOptions.idleRestartMs ?? IDLE_RESTART_MS;
  const pinnedCertificates = settings.pinnedCertificates ?? [];
  const pending = new Map<string, Pending>();
  let continuation: ((text: string) => void) | null = null;
  let capabilities: readonly string[] = [];
  let greeting: Extract<ImapResponse, { kind: 'condition' }> | null = null;
  let greeted: (() => void) | null = null;
  const readGreeting = (): Extract<ImapResponse, { kind: 'condition' }> | null => greeting;
  let failure: LetterboxError | null = null;
  let closing = false;
  let lastByteAt = Date.now();
  let wake: (() => void) | null = null;
  let byeText: string | null = null;
  let tagCounter = 0;
  let socket: Socket | null = null;
  let notifying = false;
  // Mailboxes named by STATUS while a NOTIFY SET runs (its STATUS burst).
  let burst: string[] | null = null;
  let resolveClosed: () => void = () => undefined;
  const socketClosed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });

  // Read through functions: callbacks change these while a step is awaited.
  const currentFailure = (): LetterboxError | null => failure;
  const isClosing = (): boolean => closing;
  const watchdog = new StepWatchdog(settings.deadlines ?? stepDeadlines(timeoutMs), (step) => {
    fail(new LetterboxError('timeout', `${where} did not answer in time while ${step}, so Letterbox closed the connection. The server may be down or misbehaving.`));
  });

  function fail(error: LetterboxError): void {
    if (failure !== null) return;
    failure = error;
    watchdog.dispose();
    socket?.destroy();
    for (const waiter of [...pending.values()]) waiter.reject(error);
    pending.clear();
    continuation = null;
    greeted?.();
    wake?.();
  }

  function protocolFailure(error: ImapProtocolError): LetterboxError {
    return new LetterboxError('server-error', `${where} sent ${error.message}, so Letterbox closed its notification connection.`);
  }

  function onResponse(response: ImapResponse): void {
    switch (response.kind) {
      case 'tagged': {
        const waiter = pending.get(response.tag);
        if (waiter === undefined) throw new ImapProtocolError('malformed', `a response to a command never sent (${response.tag})`);
        pending.delete(response.tag);
        waiter.resolve(response);
        return;
      }
      case 'continuation': {
        const next = continuation;
        if (next === null) throw new ImapProtocolError('malformed', 'a continuation request nothing waited for');
        continuation = null;
        next(response.text);
        return;
      }
      case 'condition':
        if (greeting === null) {
          greeting = response;
          greeted?.();
          return;
        }
        if (response.status === 'BYE') byeText = response.text;
        // RFC 5465 5.8: the server gave up notifying; it says so once. Dovecot says "* NO NOTIFY
        // error, some events may have got lost" instead: either way, everything is checked again.
        if (response.code?.name === 'NOTIFICATIONOVERFLOW' || (notifying && response.status === 'NO')) handlers.onNotice({ kind: 'overflow' });
        capabilities = capabilitiesFromCode(response.code) ?? capabilities;
        return;
      case 'capability':
        capabilities = response.capabilities;
        return;
      case 'status':
        burst?.push(response.mailbox);
        handlers.onNotice({ kind: 'status', path: response.mailbox, status: response.status });
        return;
      case 'list':
        handlers.onNotice({
          kind: 'mailbox',
          path: response.mailbox,
          oldPath: response.oldName,
          exists: !response.flags.some((flag) => flag.toUpperCase() === '\\NONEXISTENT'),
        });
        return;
      case 'other':
        return;
    }
  }

  function onData(chunk: Buffer): void {
    if (failure !== null) return;
    lastByteAt = Date.now();
    watchdog.received(chunk.length);
    reader.push(chunk);
    try {
      for (let raw = reader.read(); raw !== null; raw = reader.read()) {
        onResponse(parseResponse(raw, { maxTokens: limits.maxResponseTokens }));
        if (currentFailure() !== null) return;
      }
    } catch (error) {
      if (error instanceof ImapProtocolError) fail(protocolFailure(error));
      else fail(new LetterboxError('internal', 'The notification connection failed inside Letterbox.'));
    }
  }

  function listen(target: Socket): void {
    target.on('data', onData);
    target.on('error', (error: unknown) => {
      fail(closing ? new LetterboxError('network', 'closed') : classifyImapError(error, context));
    });
    target.on('close', () => {
      const said = byeText === null ? '' : ` (it said: ${byeText.slice(0, 200)})`;
      fail(new LetterboxError('network', `The notification connection to ${where} was lost${said}.`));
      resolveClosed();
    });
  }

  function nextTag(): string {
    tagCounter += 1;
    return `n${tagCounter}`;
  }

  function write(text: string | Buffer): void {
    if (failure === null) socket?.write(text);
  }

  function tagged(tag: string): Promise<TaggedResponse> {
    if (failure !== null) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      pending.set(tag, { resolve, reject });
    });
  }

  // Sends a command and waits for its tagged answer. Arguments given as Buffers go as
  // synchronizing literals (RFC 3501 7.5: each after the server's "+"). `step` names it in
  // a timeout message; the command text itself is never shown (it may hold the password).
  async function command(step: string, parts: readonly (string | Buffer)[]): Promise<TaggedResponse> {
    return watchdog.run(step, async () => {
      const tag = nextTag();
      const answer = tagged(tag);
      let line = `${tag} `;
      for (const part of parts) {
        if (typeof part === 'string') {
          line += part;
          continue;
        }
        const ready = new Promise<void>((resolve) => {
          continuation = () => {
            resolve();
          };
        });
        write(`${line}{${part.length}}\r\n`);
        await Promise.race([ready, answer]);
        if (failure !== null) throw failure;
        if (continuation !== null) {
          // Refused before the literal was asked for.
          continuation = null;
          return answer;
        }
        write(part);
        line = '';
      }
      write(`${line}\r\n`);
      return answer;
    });
  }

  function refused(response: TaggedResponse, what: string): LetterboxError {
    const said = response.text.length > 0 ? `: ${response.text.slice(0, 200)}` : '';
    return new LetterboxError('server-error', `${settings.host} refused ${what}${said}`);
  }

  async function refreshCapabilities(response: TaggedResponse | null): Promise<void> {
    const fromCode = response === null ? null : capabilitiesFromCode(response.code);
    if (fromCode !== null) {
      capabilities = fromCode;
      return;
    }
    const answer = await command('asking for capabilities', ['CAPABILITY']);
    if (answer.status !== 'OK') throw refused(answer, 'CAPABILITY');
  }

  function has(capability: string): boolean {
    return capabilities.includes(capability);
  }

  async function startTls(): Promise<void> {
    if (!has('STARTTLS')) {
      throw new LetterboxError('tls-failed', `${where} did not offer STARTTLS, so the connection could not be secured. Your password was not sent.`);
    }
    const answer = await command('starting TLS', ['STARTTLS']);
    if (answer.status !== 'OK') throw new LetterboxError('tls-failed', `${where} refused STARTTLS. Your password was not sent.`);
    // Bytes after the OK and before the handshake could be injected by anyone on the path.
    if (reader.bufferedBytes > 0) {
      throw new LetterboxError('tls-failed', `${where} sent data before the TLS handshake that no server sends (a sign of tampering). Your password was not sent.`);
    }
    const plain = socket;
    if (plain === null) throw new LetterboxError('network', `The connection to ${where} was lost.`);
    plain.removeAllListeners('data');
    await watchdog.run('starting TLS', () => secureSocket(plain));
    capabilities = [];
    await refreshCapabilities(null);
  }

  function secureSocket(plain?: Socket): Promise<void> {
    return new Promise((resolve, reject) => {
      const secured = connectVerifiedTls(tlsOptions(settings, plain), { host: settings.host, port: settings.port, pinnedCertificates }, () => {
        resolve();
      });
      socket = secured;
      listen(secured);
      secured.once('close', () => {
        reject(failure ?? new LetterboxError('network', `The connection to ${where} was lost.`));
      });
    });
  }

  async function authenticate(): Promise<void> {
    if (has('LOGINDISABLED')) {
      throw new LetterboxError('auth-failed', `${settings.host} does not allow signing in on this connection. Check the security setting.`);
    }
    let answer: TaggedResponse;
    if (settings.accessToken !== undefined) {
      answer = await authenticateWithToken(settings.accessToken);
    } else if (has('AUTH=PLAIN')) {
      // RFC 4616: authzid, authcid and password, NUL-separated, in base64 (RFC 4959 SASL-IR).
      const token = Buffer.from(`\u0000${settings.username}\u0000${settings.password}`, 'utf8').toString('base64');
      if (has('SASL-IR')) {
        answer = await command('signing in', [`AUTHENTICATE PLAIN ${token}`]);
      } else {
        answer = await watchdog.run('signing in', async () => {
          const tag = nextTag();
          const result = tagged(tag);
          const ready = new Promise<void>((resolve) => {
            continuation = () => {
              resolve();
            };
          });
          write(`${tag} AUTHENTICATE PLAIN\r\n`);
          await Promise.race([ready, result]);
          if (continuation === null) write(`${token}\r\n`);
          continuation = null;
          return result;
        });
      }
    } else {
      const argument = (value: string): string | Buffer => (quotable(value) ? quoted(value) : Buffer.from(value, 'utf8'));
      const user = argument(settings.username);
      const password = argument(settings.password);
      answer = await command('signing in', ['LOGIN ', user, ' ', password]);
    }
    if (answer.status !== 'OK') {
      if (settings.accessToken !== undefined) throw new LetterboxError('auth-failed', `${settings.host} refused the access token of ${settings.username}.`);
      throw new LetterboxError('auth-failed', `${settings.host} did not accept the user name "${settings.username}" with this password. Check both and try again.`);
    }
    await refreshCapabilities(answer);
  }

  // OAuth2 accounts sign in as imapflow does for their other connections: OAUTHBEARER
  // (RFC 7628) where offered, else Google's XOAUTH2. A refused token gets a "+" carrying an
  // error; the client's answer (^A for OAUTHBEARER, an empty line for XOAUTH2) lets the
  // server end the exchange with its NO.
  async function authenticateWithToken(accessToken: string): Promise<TaggedResponse> {
    const mechanism = has('AUTH=OAUTHBEARER') ? 'OAUTHBEARER' : has('AUTH=XOAUTH2') ? 'XOAUTH2' : null;
    if (mechanism === null) {
      throw new LetterboxError('server-error', `${settings.host} offers neither OAUTHBEARER nor XOAUTH2 sign-in, so this account's token cannot be used for push.`);
    }
    const message = tokenSaslMessage(mechanism, { username: settings.username, accessToken, host: settings.host, port: settings.port });
    const errorAnswer = mechanism === 'OAUTHBEARER' ? 'AQ==' : '';
    return watchdog.run('signing in', async () => {
      const tag = nextTag();
      const result = tagged(tag);
      const withInitialResponse = has('SASL-IR');
      let sentMessage = withInitialResponse;
      const answerChallenge = (): void => {
        continuation = () => {
          write(`${sentMessage ? errorAnswer : message}\r\n`);
          sentMessage = true;
          answerChallenge();
        };
      };
      answerChallenge();
      write(withInitialResponse ? `${tag} AUTHENTICATE ${mechanism} ${message}\r\n` : `${tag} AUTHENTICATE ${mechanism}\r\n`);
      try {
        return await result;
      } finally {
        continuation = null;
      }
    });
  }

  // Resolves when the connection has been quiet for keepaliveMs, when IDLE has run for
  // idleRestartMs, or when the session is closing or has failed.
  function quietOrRestart(startedAt: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const done = (): void => {
        if (timer !== null) clearTimeout(timer);
        wake = null;
        resolve();
      };
      const check = (): void => {
        const now = Date.now();
        const quietAt = lastByteAt + keepaliveMs;
        const restartAt = startedAt + idleRestartMs;
        if (closing || failure !== null || now >= quietAt || now >= restartAt) {
          done();
          return;
        }
        timer = setTimeout(check, Math.min(quietAt, restartAt) - now);
      };
      wake = done;
      check();
    });
  }

  let idling = false;

  async function idleOnce(): Promise<void> {
    const answer = await watchdog.run('starting IDLE', async () => {
      const tag = nextTag();
      const result = tagged(tag);
      const ready = new Promise<void>((resolve) => {
        continuation = () => {
          resolve();
        };
      });
      write(`${tag} IDLE\r\n`);
      await Promise.race([ready, result]);
      const accepted = continuation === null && failure === null;
      continuation = null;
      return { result, accepted };
    });
    if (!answer.accepted) {
      const refusal = await answer.result;
      throw refused(refusal, 'IDLE');
    }
    idling = true;
    await quietOrRestart(Date.now());
    if (closing || failure !== null) return;
    idling = false;
    await watchdog.run('ending IDLE', async () => {
      write('DONE\r\n');
      const done = await answer.result;
      if (done.status !== 'OK') throw refused(done, 'IDLE');
    });
  }

  // RFC 5465 3: a NOTIFY SET replaces the one before. Sent again at each keepalive, it also
  // renews the server's watch: Dovecot 2.3.19 was seen to stop notifying for good, with no
  // overflow, after logging "Corrupted mailbox list index" while another session created a
  // folder. Its STATUS burst then tells what was missed (electron/sync/notified-folders.ts).
  async function setNotify(): Promise<void> {
    burst = [];
    try {
      const answer = await command('asking for notifications', [NOTIFY_SET_COMMAND]);
      if (answer.status !== 'OK') throw refused(answer, 'NOTIFY');
      notifying = true;
      handlers.onNotice({ kind: 'snapshot', paths: burst });
    } finally {
      burst = null;
    }
  }

  async function listenLoop(): Promise<void> {
    while (!closing && failure === null) {
      if (has('IDLE')) {
        await idleOnce();
        if (!isClosing() && currentFailure() === null) await setNotify();
      } else {
        // RFC 5465 allows notifications between commands; a NOOP now and then proves the
        // connection alive where IDLE is not offered.
        await quietOrRestart(Date.now());
        if (isClosing() || currentFailure() !== null) break;
        await setNotify();
      }
    }
    const failed = currentFailure();
    if (!isClosing() && failed !== null) throw failed;
  }

  const plainStart = settings.security !== 'tls';
  try {
    await watchdog.run('connecting and signing in', async () => {
      const greetingReceived = new Promise<void>((resolve) => {
        greeted = resolve;
      });
      if (plainStart) {
        socket = connectTcp({ host: settings.host, port: settings.port });
        listen(socket);
      } else {
        await secureSocket();
      }
      await greetingReceived;
      greeted = null;
      const failed = currentFailure();
      if (failed !== null) throw failed;
      const hello = readGreeting();
      if (hello === null || hello.status === 'BYE' || hello.status === 'NO' || hello.status === 'BAD') {
        throw new LetterboxError('server-error', `${settings.host} refused the connection${hello?.text ? `: ${hello.text.slice(0, 200)}` : '.'}`);
      }
      capabilities = capabilitiesFromCode(hello.code) ?? [];
      const preauthenticated = hello.status === 'PREAUTH';
      if (settings.security === 'starttls' && preauthenticated) {
        throw new LetterboxError('tls-failed', `${where} logged in before encryption could start (PREAUTH), so the connection could not be secured.`);
      }
      if (capabilities.length === 0) await refreshCapabilities(null);
      if (settings.security === 'starttls') await startTls();
      if (!preauthenticated) await authenticate();
    });
    if (!has('NOTIFY')) {
      await logout();
      return null;
    }
    // RFC 7162 3.1: with CONDSTORE enabled, STATUS carries HIGHESTMODSEQ, so a flag change
    // other than \Seen is heard of too (Dovecot sends nothing for it otherwise).
    if (has('CONDSTORE') && has('ENABLE')) await command('enabling CONDSTORE', ['ENABLE CONDSTORE']);
    await setNotify();
  } catch (error) {
    const reported = currentFailure() ?? (error instanceof LetterboxError ? error : classifyImapError(error, context));
    fail(reported);
    throw reported;
  }

  async function logout(): Promise<void> {
    closing = true;
    wake?.();
    if (failure === null) {
      if (idling) write('DONE\r\n');
      const tag = nextTag();
      tagged(tag).catch(() => undefined);
      write(`${tag} LOGOUT\r\n`);
    }
    const timer = setTimeout(() => socket?.destroy(), 1000);
    await socketClosed;
    clearTimeout(timer);
    watchdog.dispose();
  }

  const done = listenLoop().catch((error: unknown) => {
    if (closing) return;
    const reported = failure ?? (error instanceof LetterboxError ? error : classifyImapError(error, context));
    fail(reported);
    throw reported;
  });
  // The owner awaits done; this keeps a loss before it does from counting as unhandled.
  done.catch(() => undefined);
  return {
    done,
    async close() {
      await logout();
      await done.catch(() => undefined);
    },
  };
}
