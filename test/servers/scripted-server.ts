// A scripted line-protocol server on 127.0.0.1 (IMAP, POP3 or SMTP, as the script speaks)
// for what no real server does on purpose: hiding or refusing STARTTLS, injecting bytes
// after "begin TLS", trickling, hostile values. It records every byte received before TLS,
// so a test can assert that no credential ever crossed in clear.
import { createServer, type Socket } from 'node:net';
import { TLSSocket, type SecureContextOptions } from 'node:tls';

export type ScriptedConnection = {
  write(text: string | Buffer): void;
  // Writes `text` one byte every intervalMs, until done or the client goes away.
  trickle(text: string, intervalMs: number): void;
  // Starts the server side of TLS on this connection (after an OK to STARTTLS / STLS).
  startTls(): void;
  drop(): void;
  readonly secure: boolean;
};

export type ScriptedServerOptions = {
  // Written raw on connect (include the CRLF); null greets with nothing.
  readonly greeting: string | null | ((connection: ScriptedConnection) => void);
  readonly onLine: (line: string, connection: ScriptedConnection) => void;
  // The certificate for STARTTLS or implicit TLS.
  readonly tls?: SecureContextOptions & {
    readonly minVersion?: 'TLSv1' | 'TLSv1.2';
    readonly maxVersion?: 'TLSv1' | 'TLSv1.3';
  };
  readonly implicitTls?: boolean;
};

export type ScriptedServer = {
  readonly host: '127.0.0.1';
  readonly port: number;
  // Every byte received before TLS started, all connections, as latin1 text.
  readonly plaintext: () => string;
  // Every command line received (before and after TLS), all connections.
  readonly lines: readonly string[];
  // Connections accepted so far, and those still open.
  readonly accepted: () => number;
  readonly open: () => number;
  stop(): Promise<void>;
};

export async function startScriptedServer(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const lines: string[] = [];
  const plaintext: Buffer[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted = 0;

  function serve(raw: Socket): void {
    accepted += 1;
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => undefined);
    let current: Socket = raw;
    let secure = false;
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      if (!secure) plaintext.push(chunk);
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end).replace(/\r$/, '');
        buffered = buffered.slice(end + 1);
        lines.push(line);
        options.onLine(line, connection);
      }
    };
    const wrap = (): void => {
      if (options.tls === undefined) throw new Error('The scripted server has no certificate for TLS');
      raw.removeListener('data', onData);
      buffered = '';
      const secured = new TLSSocket(raw, { isServer: true, ...options.tls });
      secured.on('error', () => undefined);
      secured.on('data', onData);
      current = secured;
      secure = true;
    };
    const connection: ScriptedConnection = {
      write(text) {
        if (!current.destroyed) current.write(text);
      },
      trickle(text, intervalMs) {
        let index = 0;
        const timer = setInterval(() => {
          if (current.destroyed || index >= text.length) {
            clearInterval(timer);
            timers.delete(timer);
            return;
          }
          current.write(text[index] ?? '');
          index += 1;
        }, intervalMs);
        timers.add(timer);
      },
      startTls: wrap,
      drop() {
        raw.destroy();
      },
      get secure() {
        return secure;
      },
    };
    if (options.implicitTls === true) wrap();
    else raw.on('data', onData);
    if (typeof options.greeting === 'function') options.greeting(connection);
    else if (options.greeting !== null) connection.write(options.greeting);
  }

  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The scripted server has no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    plaintext: () => Buffer.concat(plaintext).toString('latin1'),
    lines,
    accepted: () => accepted,
    open: () => sockets.size,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
