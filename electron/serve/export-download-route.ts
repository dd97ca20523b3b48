// Browser mode's export downloads: GET /export/<id>?token=<the page's token>. The id is one
// that beginExport just offered (export-downloads.ts), works once and for a minute; the
// request needs the same token as the WebSocket, this server's Host, and comes from this
// server's own page (Origin when the browser sends one, Sec-Fetch-Site when it sends that),
// so another site the user visits cannot fetch an export. The file is streamed as it is
// written, never held whole; how the download ended (finished, or failed and why) goes back
// to the export's offer, which tells the page (the exportDownloadEnded event).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportDownloadPathPrefix, type ExportDownloads } from '../local/export-downloads.ts';
import type { ExportSink } from '../local/export-writer.ts';
import { DownloadStoppedError, exportFailureReason } from './export-download-failure.ts';
import { isOwnHost, tokensMatch, type ServerIdentity } from './websocket-access.ts';

export type DownloadRequest = {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly fetchSite: string | undefined;
};

export type DownloadDecision =
  | { readonly kind: 'not-a-download' }
  | { readonly kind: 'refuse'; readonly status: 403 | 404 | 405 }
  | { readonly kind: 'serve'; readonly id: string };

const idPattern = /^[A-Za-z0-9_-]{32}$/;

export function decideExportDownload(request: DownloadRequest, server: ServerIdentity): DownloadDecision {
  let target: URL;
  try {
    target = new URL(request.url ?? '', server.origin);
  } catch {
    return { kind: 'not-a-download' };
  }
  if (!target.pathname.startsWith(exportDownloadPathPrefix)) return { kind: 'not-a-download' };
  if (request.method !== 'GET') return { kind: 'refuse', status: 405 };
  if (!isOwnHost(request.host, server.origin)) return { kind: 'refuse', status: 403 };
  if (request.origin !== undefined && request.origin !== server.origin) return { kind: 'refuse', status: 403 };
  if (request.fetchSite !== undefined && request.fetchSite !== 'same-origin') return { kind: 'refuse', status: 403 };
  const tokens = target.searchParams.getAll('token');
  const [token] = tokens;
  if (tokens.length !== 1 || token === undefined || !tokensMatch(server.token, token)) return { kind: 'refuse', status: 403 };
  const id = target.pathname.slice(exportDownloadPathPrefix.length);
  if (!idPattern.test(id)) return { kind: 'refuse', status: 404 };
  return { kind: 'serve', id };
}

// RFC 6266: an ASCII name for old clients, the exact one in RFC 8187's encoding.
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^ -~]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

// True when the request was a download (served or refused); false leaves it to the static files.
export async function serveExportDownload(
  request: IncomingMessage,
  response: ServerResponse,
  downloads: ExportDownloads,
  server: ServerIdentity,
  headers: Readonly<Record<string, string>>,
): Promise<boolean> {
  const fetchSite: unknown = request.headers['sec-fetch-site'];
  const decision = decideExportDownload(
    { method: request.method, url: request.url, host: request.headers.host, origin: request.headers.origin, fetchSite: typeof fetchSite === 'string' ? fetchSite : undefined },
    server,
  );
  if (decision.kind === 'not-a-download') return false;
  const waiting = decision.kind === 'serve' ? downloads.take(decision.id) : null;
  if (waiting === null) {
    const status = decision.kind === 'refuse' ? decision.status : 404;
    const text = status === 403 ? 'Forbidden' : status === 405 ? 'Method not allowed' : 'This download has expired or was already taken. Export again.';
    response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...(status === 405 ? { Allow: 'GET' } : {}) });
    response.end(text);
    return true;
  }
  const { plan } = waiting;
  // No Content-Length: the body is chunked, so breaking it off leaves the last chunk unsent
  // and the browser marks the download failed instead of keeping a short file. The headers
  // go at once, so the browser shows the download even if the first message fails.
  response.writeHead(200, { ...headers, 'Content-Type': plan.contentType, 'Content-Disposition': contentDisposition(plan.fileName) });
  response.flushHeaders();
  const sink = responseSink(response);
  let written = 0;
  try {
    const bytes = await plan.write({
      async write(chunk) {
        await sink.write(chunk);
        written += 1;
      },
    });
    await endResponse(response);
    waiting.ended({ kind: 'finished', messageCount: plan.messageCount, bytes });
  } catch (error) {
    response.destroy();
    waiting.ended({ kind: 'failed', reason: exportFailureReason(error, { written, messageCount: plan.messageCount }) });
  }
  return true;
}

// Resolves once the last chunk is handed to the socket; rejects if the browser left first.
function endResponse(response: ServerResponse): Promise<void> {
  if (response.destroyed) return Promise.reject(new DownloadStoppedError());
  const finished = settledBy(response, 'finish');
  response.end();
  return finished;
}

// Waits for the socket to drain before the next message is read, so a slow browser slows
// the export instead of filling main's memory.
function responseSink(response: ServerResponse): ExportSink {
  return {
    write(bytes) {
      if (response.destroyed) return Promise.reject(new DownloadStoppedError());
      if (response.write(bytes)) return Promise.resolve();
      return settledBy(response, 'drain');
    },
  };
}

// Resolves on `event`; rejects if the response closes first (the browser left).
function settledBy(response: ServerResponse, event: 'drain' | 'finish'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      response.off('close', closed);
      resolve();
    };
    const closed = () => {
      response.off(event, done);
      reject(new DownloadStoppedError());
    };
    response.once(event, done);
    response.once('close', closed);
  });
}
