// Step 3 of discovery: is there a mail server of this protocol at host:port, and how is it
// secured? It reads the greeting and asks for the capabilities only: no credentials are
// ever sent by a probe. Its TLS is verified like any other (electron/certificates/); a server
// refused only for its certificate on an implicit-TLS port still counts as found, since
// whether to trust that certificate is the user's choice, made when the account signs in
// and the certificate is shown.
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { extraCa } from '../certificates/extra-ca.ts';
import { refusalOf, watchTlsRefusal } from '../certificates/tls-refusal.ts';
import { verifiedTlsOptions } from '../certificates/verified-tls-options.ts';
import type { Security } from '../../shared/domain.ts';
import type { MailProtocol } from '../../shared/setup/setup-types.ts';

export type ProbeCandidate = {
  readonly protocol: MailProtocol;
  readonly host: string;
  readonly port: number;
  // 'tls': implicit TLS from the first byte; 'plain': a clear start, upgraded by STARTTLS if offered.
  readonly transport: 'tls' | 'plain';
};

// The security the candidate offers, or null when nothing usable answered.
export type ProbeServer = (candidate: ProbeCandidate, timeoutMs: number) => Promise<Security | null>;

const MAX_BUFFER = 64 * 1024;

// The greeting that says "a server of this protocol is here" (RFC 9051 7.1, RFC 1939 4, RFC 5321 4.2).
function greets(protocol: MailProtocol, line: string): boolean {
  switch (protocol) {
    case 'imap':
      return /^\* (OK|PREAUTH)\b/i.test(line);
    case 'pop3':
      return line.startsWith('+OK');
    case 'smtp':
      return line.startsWith('220');
  }
}

// The capability request and how to tell its last line and whether STARTTLS is in it.
const QUERIES: Readonly<
  Record<MailProtocol, { readonly ask: string; readonly done: (line: string) => boolean; readonly offersTls: RegExp; readonly bye: string }>
> = {
  // RFC 9051 6.1.1; the STARTTLS capability of 6.2.1.
  imap: { ask: 'P1 CAPABILITY\r\n', done: (line) => /^P1 /i.test(line), offersTls: /\bSTARTTLS\b/i, bye: 'P2 LOGOUT\r\n' },
  // RFC 2449 CAPA; RFC 2595 4 STLS. A server without CAPA answers -ERR.
  pop3: { ask: 'CAPA\r\n', done: (line) => line === '.' || line.startsWith('-ERR'), offersTls: /^STLS\b/im, bye: 'QUIT\r\n' },
  // RFC 5321 4.1.1.1 EHLO; RFC 3207 STARTTLS. The last line has a space after the code.
  smtp: { ask: 'EHLO letterbox.invalid\r\n', done: (line) => /^\d{3} /.test(line), offersTls: /^250[ -]STARTTLS\b/im, bye: 'QUIT\r\n' },
};

// Reads lines from the socket and hands each to `onLine` until it returns a result.
function talk(socket: Socket, onLine: (line: string, all: string) => 'more' | 'done'): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let all = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (buffer.length > MAX_BUFFER) {
        reject(new Error('The server sent too much'));
        return;
      }
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        all += `${line}\n`;
        let verdict: 'more' | 'done';
        try {
          verdict = onLine(line, all);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (verdict === 'done') {
          resolve(all);
          return;
        }
        newline = buffer.indexOf('\n');
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      reject(new Error('The server closed the connection'));
    });
  });
}

function open(candidate: ProbeCandidate, trustedCertificates: readonly string[]): Socket {
  if (candidate.transport === 'plain') return connectTcp({ host: candidate.host, port: candidate.port });
  const check = { host: candidate.host, port: candidate.port, pinnedCertificates: [] };
  const options = {
    host: candidate.host,
    port: candidate.port,
    ...(isIP(candidate.host) === 0 ? { servername: candidate.host } : {}),
    ...extraCa(trustedCertificates),
  };
  const socket = connectTls(verifiedTlsOptions(options, check));
  watchTlsRefusal(socket, check);
  return socket;
}

// trustedCertificates: the extra CAs the app is configured with, as for its sessions.
export async function probeServer(candidate: ProbeCandidate, timeoutMs: number, trustedCertificates: readonly string[] = []): Promise<Security | null> {
  const socket = open(candidate, trustedCertificates);
  const timer = setTimeout(() => socket.destroy(new Error('The probe timed out')), timeoutMs);
  const query = QUERIES[candidate.protocol];
  try {
    let greeted = false;
    let greeting = '';
    const transcript = await talk(socket, (line) => {
      if (!greeted) {
        // SMTP greetings may run over several lines ("220-...").
        if (candidate.protocol === 'smtp' && /^220-/.test(line)) return 'more';
        if (!greets(candidate.protocol, line)) throw new Error('Not a greeting of this protocol');
        greeted = true;
        greeting = line;
        if (candidate.transport === 'tls') return 'done';
        socket.write(query.ask);
        return 'more';
      }
      return query.done(line) ? 'done' : 'more';
    });
    socket.end(query.bye);
    if (candidate.transport === 'tls') return 'tls';
    // An IMAP greeting may already carry the capabilities (RFC 9051 7.1: [CAPABILITY ...]).
    return query.offersTls.test(transcript) || (candidate.protocol === 'imap' && query.offersTls.test(greeting)) ? 'starttls' : 'none';
  } catch (error) {
    // The TLS session was set up and only its certificate refused: a TLS server answers here.
    return candidate.transport === 'tls' && refusalOf(error) !== null ? 'tls' : null;
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}
