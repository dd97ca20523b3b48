// A bad network on demand: a TCP proxy on 127.0.0.1 (port 0) that forwards to a target,
// and can cut every connection at once, refuse new ones, or stall them (accept, never
// forward), as a dropped Wi-Fi or a dead router would.
import { connect, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'forward' | 'refuse' | 'stall';

export type TcpProxy = {
  readonly host: '127.0.0.1';
  readonly port: number;
  // Connections accepted so far, over the proxy's life.
  readonly accepted: () => number;
  // Open client connections now.
  readonly open: () => number;
  setMode(mode: ProxyMode): void;
  // Destroys every open connection, both sides, without a TLS close or an IMAP BYE.
  cutAll(): void;
  close(): Promise<void>;
};

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  let accepted = 0;
  const pairs = new Set<{ client: Socket; upstream: Socket | null }>();

  const server: Server = createServer((client) => {
    accepted += 1;
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    const pair: { client: Socket; upstream: Socket | null } = { client, upstream: null };
    pairs.add(pair);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      pair.upstream?.destroy();
    };
    client.on('error', drop);
    client.on('close', drop);
    if (mode === 'stall') return;
    const upstream = connect({ host: targetHost, port: targetPort });
    pair.upstream = upstream;
    upstream.on('error', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The proxy has no TCP address');

  function cutAll(): void {
    for (const pair of [...pairs]) {
      pairs.delete(pair);
      // resetAndDestroy sends RST: the peer learns at once, as after a real cut cable
      // noticed by the kernel, instead of waiting on a FIN handshake.
      pair.client.resetAndDestroy();
      pair.upstream?.resetAndDestroy();
    }
  }

  return {
    host: '127.0.0.1',
    port: address.port,
    accepted: () => accepted,
    open: () => pairs.size,
    setMode(next) {
      mode = next;
    },
    cutAll,
    close() {
      cutAll();
      return new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
