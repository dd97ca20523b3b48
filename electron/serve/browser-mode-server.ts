// Browser mode: the built renderer over HTTP and the service over a WebSocket, both on
// loopback only. The page finds the token in its URL fragment (#token=...), which
// browsers never send to a server, and presents it when it opens the WebSocket.
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIPv4 } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { maxRequestFrameBytes } from '../../shared/browser-mode-frames.ts';
import { fail } from '../../shared/errors.ts';
import type { Service } from '../service/service-types.ts';
import { createContentSecurityPolicy } from '../security/content-security-policy.ts';
import { contentTypeFor, resolveStaticPath } from './static-files.ts';
import { createAccessToken, decideUpgrade, isOwnHost, webSocketPath } from './websocket-access.ts';
import type { ExportDownloads } from '../local/export-downloads.ts';
import { serveExportDownload } from './export-download-route.ts';
import { eventFrame, parseClientFrame, resultFrame } from './wire-protocol.ts';

export type BrowserModeServerOptions = {
  readonly service: Service;
  readonly staticDir: string;
  // A 127.x.x.x address; the server refuses to listen anywhere else.
  readonly host?: string;
  // 0 picks a free port.
  readonly port?: number;
  // Exports beginExport offered as downloads (GET /export/<id>, export-download-route.ts).
  readonly exportDownloads?: ExportDownloads;
};

export type BrowserModeServer = {
  // The page to open, with the token in its fragment.
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
};

// Any request the contract allows (shared/browser-mode-frames.ts), and no more.
export const maxFrameBytes = maxRequestFrameBytes;

export async function createBrowserModeServer(options: BrowserModeServerOptions): Promise<BrowserModeServer> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 0;
  if (!isIPv4(host) || !host.startsWith('127.')) {
    throw new Error('Browser mode listens on a 127.x.x.x loopback address only.');
  }
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new Error('The port must be a whole number from 0 to 65535.');
  }
  const staticRoot = await realpath(options.staticDir);
  const token = createAccessToken();
  const http = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen({ host, port: requestedPort, exclusive: true }, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('The browser-mode server has no TCP address.');
  const port = address.port;
  const origin = `http://${host}:${port}`;
  const headers = securityHeaders(createContentSecurityPolicy({ webSocketOrigin: `ws://${host}:${port}` }));

  const downloads = options.exportDownloads;
  http.on('request', (request, response) => {
    const download = downloads === undefined ? Promise.resolve(false) : serveExportDownload(request, response, downloads, { token, origin }, headers);
    download.then((served) => (served ? undefined : serveStatic(request, response, staticRoot, origin, headers))).catch(() => {
      if (!response.headersSent) send(response, 500, headers, 'Internal error');
      else response.destroy();
    });
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const decision = decideUpgrade({ url: request.url, origin: request.headers.origin, host: request.headers.host }, { token, origin });
    if (!decision.accept) {
      const reason = decision.status === 403 ? 'Forbidden' : 'Not Found';
      socket.end(`HTTP/1.1 ${decision.status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (connection) => {
      attachConnection(connection, options.service);
    });
  });

  return {
    url: `${origin}/#token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => {
        sockets.close(() => {
          resolve();
        });
      });
      await new Promise<void>((resolve) => {
        http.close(() => {
          resolve();
        });
        http.closeAllConnections();
      });
    },
  };
}

function attachConnection(connection: WebSocket, service: Service): void {
  const unsubscribe = service.subscribe((event, payload) => {
    if (connection.readyState === WebSocket.OPEN) connection.send(eventFrame(event, payload));
  });
  connection.on('close', unsubscribe);
  connection.on('error', () => {
    connection.terminate();
  });
  connection.on('message', (data, isBinary) => {
    if (isBinary) {
      reply(connection, resultFrame(null, fail('invalid-argument', 'The request must be a text frame.')));
      return;
    }
    const parsed = parseClientFrame(rawDataToString(data));
    if (!parsed.ok) {
      reply(connection, JSON.stringify(parsed.reply));
      return;
    }
    const { id, channel, args } = parsed.frame;
    service
      .dispatch(channel, args)
      .catch(() => fail('internal', 'Something went wrong inside Letterbox. The details are in the log.'))
      .then((result) => {
        reply(connection, resultFrame(id, result));
      })
      .catch(() => {
        connection.terminate();
      });
  });
}

function reply(connection: WebSocket, text: string): void {
  if (connection.readyState === WebSocket.OPEN) connection.send(text);
}

function rawDataToString(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(new Uint8Array(data)).toString('utf8');
  return data.toString('utf8');
}

async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  staticRoot: string,
  origin: string,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  if (!isOwnHost(request.headers.host, origin)) {
    send(response, 403, headers, 'Forbidden');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, { ...headers, Allow: 'GET, HEAD' }, 'Method not allowed');
    return;
  }
  const requestPath = (request.url ?? '').split('?', 1)[0] ?? '';
  if (requestPath === webSocketPath) {
    send(response, 426, headers, 'Upgrade required');
    return;
  }
  const filePath = resolveStaticPath(staticRoot, requestPath);
  const realFile = filePath === null ? null : await realpath(filePath).catch(() => null);
  // realpath catches a symlink inside the build that points outside it.
  if (realFile === null || !realFile.startsWith(staticRoot + path.sep) || !(await stat(realFile)).isFile()) {
    send(response, 404, headers, 'Not found');
    return;
  }
  const body = await readFile(realFile);
  response.writeHead(200, { ...headers, 'Content-Type': contentTypeFor(realFile), 'Content-Length': body.length });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function send(response: ServerResponse, status: number, headers: Readonly<Record<string, string>>, text: string): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function securityHeaders(contentSecurityPolicy: string): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
