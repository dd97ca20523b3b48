// A scripted POP3 server on 127.0.0.1 for what no real server would send: hostile or broken
// answers, stalls, and connections dropped mid-response. Real behaviour is tested on Dovecot.
import { createServer, type Socket } from 'node:net';

export type FakePop3Client = {
  // Writes raw text; the script adds CRLF itself, so it can also send broken line ends.
  write(text: string | Buffer): void;
  // Ends the TCP connection at once, mid-response if the script wants.
  drop(): void;
  // Every command line this client sent so far, without CRLF.
  readonly lines: readonly string[];
};

export type FakePop3Script = {
  // Sent on connect, with CRLF added; null never greets (a stalled server).
  readonly greeting: string | null;
  // Called for each command line; writes nothing when it returns nothing (a stall).
  onLine(line: string, client: FakePop3Client): void;
};

export type FakePop3Server = {
  readonly host: '127.0.0.1';
  readonly port: number;
  // Command lines from all connections, in arrival order.
  readonly received: readonly string[];
  stop(): Promise<void>;
};

export async function startFakePop3Server(script: FakePop3Script): Promise<FakePop3Server> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {
      // The client may reset the connection; the test asserts on what the client saw.
    });
    const lines: string[] = [];
    const client: FakePop3Client = {
      write: (text) => {
        if (!socket.destroyed) socket.write(text);
      },
      drop: () => socket.destroy(),
      lines,
    };
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n'); end !== -1; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        lines.push(line);
        received.push(line);
        script.onLine(line, client);
      }
    });
    if (script.greeting !== null) socket.write(`${script.greeting}\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The fake POP3 server has no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    received,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
