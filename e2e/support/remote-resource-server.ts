// Stands in for a sender's tracking server: counts every request that reaches it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RemoteResourceServer = {
  readonly origin: string;
  readonly requests: () => readonly string[];
  close(): Promise<void>;
};

// A 1x1 transparent GIF.
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export async function startRemoteResourceServer(): Promise<RemoteResourceServer> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.url ?? '');
    response.writeHead(200, { 'Content-Type': 'image/gif', 'Content-Length': pixel.length });
    response.end(pixel);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests: () => [...seen],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
