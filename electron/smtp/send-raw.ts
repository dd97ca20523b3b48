import { Readable, type Writable } from 'node:stream';
import { TLSSocket } from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import { signInAgainError } from '../oauth/token-login.ts';
import { watchTlsRefusal } from '../certificates/tls-refusal.ts';
import { classifySmtpError, SmtpError } from './classify-smtp-error.ts';
import { DEFAULT_SMTP_TIMEOUT_MS, smtpTransportOptions } from './smtp-transport-options.ts';
import { watchSmtpSteps } from './smtp-step-deadline.ts';
import { stepDeadlines } from '../net/progress-deadline.ts';
import type { SendHooks, SendRaw, SmtpDelivery, SmtpEnvelope, SmtpSettings } from './smtp-types.ts';

// The session is verified like an IMAP one (electron/certificates/verified-tls-options.ts):
// trusted by the system or the configured CAs, or exactly the certificate pinned for this host
// and port. nodemailer's SMTPConnection is driven step by step (not its transport) so that
// this runs after the TLS handshake and EHLO and before AUTH: nothing secret has been sent.
function admit(connection: SMTPConnection, settings: SmtpSettings): void {
  if (settings.security === 'none') return;
  // SMTPConnection's socket is the TLS one once `secure` is set (implicit TLS or STARTTLS).
  const socket = connection._socket;
  if (!connection.secure || !(socket instanceof TLSSocket)) {
    throw Object.assign(new Error('Error upgrading connection with STARTTLS'), { code: 'ETLS' });
  }
  // Node admits only a verified session; checked again so no option could let one through.
  if (!socket.authorized) throw Object.assign(new Error('The TLS session was not verified'), { code: 'ETLS' });
}

// nodemailer opens its TLS sockets itself (implicit TLS, and the STARTTLS upgrade) and keeps
// each in `_socket`, assigned right after tls.connect returns, before the handshake. Watching
// that assignment lets tls-refusal.ts read the certificate of a session OpenSSL refuses.
function watchTlsSockets(connection: SMTPConnection, settings: SmtpSettings): void {
  const check = { host: settings.host, port: settings.port, pinnedCertificates: settings.pinnedCertificates ?? [] };
  let current = connection._socket;
  Object.defineProperty(connection, '_socket', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set(socket: typeof current) {
      current = socket;
      if (socket instanceof TLSSocket) watchTlsRefusal(socket, check);
    },
  });
}

// A Readable over the raw bytes that reports when SMTPConnection's DATA stream (the one it
// pipes into the socket, dot-stuffing and adding the final ".") has ended and the socket has
// flushed it: the message is on the wire and the server's reply is still to come.
function messageStream(raw: Buffer, socket: () => Writable, onWritten: () => void): Readable {
  const source = Readable.from([raw]);
  const pipe = source.pipe.bind(source);
  source.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    (destination as unknown as Readable).once('end', () => {
      socket().write(Buffer.alloc(0), () => {
        onWritten();
      });
    });
    return pipe(destination, options);
  };
  return source;
}

function run(settings: SmtpSettings, envelope: SmtpEnvelope, raw: Buffer, hooks: SendHooks | undefined): Promise<SmtpDelivery> {
  const connection = new SMTPConnection(smtpTransportOptions(settings));
  watchTlsSockets(connection, settings);
  return new Promise<SmtpDelivery>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      steps.dispose();
      connection.close();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    // Every step has a deadline a trickling server cannot stretch (smtp-step-deadline.ts).
    const steps = watchSmtpSteps(
      () => connection._socket,
      settings.deadlines ?? stepDeadlines(settings.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS),
      (step) => {
        fail(
          new SmtpError(
            'timeout',
            `The outgoing server ${settings.host}:${settings.port} did not answer in time while ${step}, so Letterbox closed the connection. The message waits in the outbox.`,
            true,
          ),
        );
      },
    );
    steps.begin('connecting and securing the connection');
    connection.once('error', fail);
    connection.once('end', () => {
      fail(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' }));
    });
    connection.connect((connectError) => {
      if (connectError) {
        fail(connectError);
        return;
      }
      try {
        admit(connection, settings);
      } catch (error) {
        fail(error);
        return;
      }
      steps.begin('signing in');
      connection.login(loginCredentials(settings), (loginError) => {
        if (loginError) {
          fail(loginError);
          return;
        }
        const message =
          hooks?.onDataWritten === undefined ? raw : messageStream(raw, () => connection._socket as Writable, hooks.onDataWritten);
        steps.begin('sending the message');
        connection.send({ from: envelope.from, to: [...envelope.to] }, message, (sendError, info) => {
          if (sendError) {
            fail(sendError);
            return;
          }
          settled = true;
          steps.dispose();
          const rejectedErrors = info.rejectedErrors ?? [];
          resolve({
            accepted: info.accepted.map(String),
            rejected: info.rejected.map((address, index) => ({
              address,
              reason: rejectedErrors[index]?.response ?? rejectedErrors[index]?.message ?? 'refused',
            })),
            response: info.response,
          });
          connection.quit();
        });
      });
    });
  });
}

// A password, or for an OAuth2 account its token by AUTH XOAUTH2: nodemailer asks the
// provisionCallback for a new token once when the server refuses the first (its 334 answer).
function loginCredentials(settings: SmtpSettings): Parameters<SMTPConnection['login']>[0] {
  if (settings.accessToken === undefined) return { user: settings.username, pass: settings.password };
  const renew = settings.renewAccessToken;
  return {
    oauth2: new XOAuth2({
      user: settings.username,
      accessToken: settings.accessToken,
      ...(renew === undefined
        ? {}
        : {
            provisionCallback: (_user: string, _renew: boolean, callback: (error: Error | null, accessToken: string, expires: number) => void) => {
              renew().then(
                (accessToken) => {
                  callback(null, accessToken, 0);
                },
                (error: unknown) => {
                  callback(error instanceof Error ? error : new Error('The access token could not be renewed'), '', 0);
                },
              );
            },
          }),
    }),
  };
}

// One connection per message: sending is rare next to reading, and a fresh login means a
// changed password or server setting is picked up at once.
export const sendRaw: SendRaw = async (settings, envelope, raw, hooks) => {
  try {
    return await run(settings, envelope, raw, hooks);
  } catch (error) {
    const classified = classifySmtpError(error, { ...settings, password: settings.accessToken ?? settings.password });
    if (settings.accessToken !== undefined && classified.code === 'auth-failed') {
      throw new SmtpError('auth-failed', `${signInAgainError(settings).message} The message is kept in the outbox.`, false);
    }
    throw classified;
  }
};
