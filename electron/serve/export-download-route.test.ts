import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportDownloadEnd } from '../../shared/local/export-download-ended.ts';
import { createExportDownloads, exportDownloadTtlMs, type ExportDownloads } from '../local/export-downloads.ts';
import type { ExportPlan } from '../local/export-writer.ts';
import { createBrowserModeServer, type BrowserModeServer } from './browser-mode-server.ts';
import { contentDisposition, decideExportDownload } from './export-download-route.ts';
import { createFakeService } from './test-fake-service.ts';

type Answer = { readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: Buffer; readonly complete: boolean };

function get(port: number, target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: target, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      const done = (complete: boolean) => () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), complete });
      };
      response.on('end', done(true));
      response.on('aborted', done(false));
      response.on('error', done(false));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

// Several chunks, as an mbox of several messages is written.
function plan(chunks: readonly Buffer[], failAfter = Infinity): ExportPlan {
  return {
    fileName: 'Résumés "2024".mbox',
    contentType: 'application/mbox',
    messageCount: chunks.length,
    async write(sink) {
      let bytes = 0;
      for (const [index, chunk] of chunks.entries()) {
        if (index >= failAfter) throw new Error('the server went away');
        await sink.write(chunk);
        bytes += chunk.length;
      }
      return bytes;
    },
  };
}

const identity = { token: 'the-token', origin: 'http://127.0.0.1:4000' };
const id = 'A'.repeat(32);

describe('export downloads: who may take one', () => {
  const ask = (overrides: Partial<Parameters<typeof decideExportDownload>[0]>) =>
    decideExportDownload({ method: 'GET', url: `/export/${id}?token=the-token`, host: '127.0.0.1:4000', origin: undefined, fetchSite: 'same-origin', ...overrides }, identity);

  it('serves this page following its own link', () => {
    assert.deepEqual(ask({}), { kind: 'serve', id });
    assert.deepEqual(ask({ fetchSite: undefined, origin: identity.origin }), { kind: 'serve', id });
  });

  it('leaves other paths to the static files', () => {
    assert.deepEqual(ask({ url: '/index.html' }), { kind: 'not-a-download' });
    assert.deepEqual(ask({ url: '/exports/x' }), { kind: 'not-a-download' });
  });

  it('refuses a wrong or missing token, another Host, Origin or site, and methods but GET', () => {
    assert.deepEqual(ask({ url: `/export/${id}?token=other` }), { kind: 'refuse', status: 403 });
    assert.deepEqual(ask({ url: `/export/${id}` }), { kind: 'refuse', status: 403 });
    assert.deepEqual(ask({ url: `/export/${id}?token=the-token&token=the-token` }), { kind: 'refuse', status: 403 });
    assert.deepEqual(ask({ host: 'evil.example:4000' }), { kind: 'refuse', status: 403 });
    assert.deepEqual(ask({ origin: 'http://evil.example' }), { kind: 'refuse', status: 403 });
    assert.deepEqual(ask({ fetchSite: 'cross-site' }), { kind: 'refuse', status: 403 });
    assert.deepEqual(ask({ method: 'POST' }), { kind: 'refuse', status: 405 });
    assert.deepEqual(ask({ url: '/export/short?token=the-token' }), { kind: 'refuse', status: 404 });
  });

  it('names the file for any browser without letting its name break the header', () => {
    assert.equal(contentDisposition('Inbox.mbox'), `attachment; filename="Inbox.mbox"; filename*=UTF-8''Inbox.mbox`);
    assert.equal(
      contentDisposition('Résumés "2024".mbox'),
      `attachment; filename="R_sum_s _2024_.mbox"; filename*=UTF-8''R%C3%A9sum%C3%A9s%20%222024%22.mbox`,
    );
  });
});

describe('export downloads over real HTTP', () => {
  let dir: string;
  let server: BrowserModeServer;
  let downloads: ExportDownloads;
  let clock = 1_000_000;
  const chunks = Array.from({ length: 5 }, (_, index) => Buffer.alloc(1024 * 1024 + index, 0x61 + index));
  const whole = Buffer.concat(chunks);

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'letterbox-export-route-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Letterbox</title>');
    downloads = createExportDownloads({ now: () => clock });
    server = await createBrowserModeServer({ service: createFakeService().service, staticDir: dir, exportDownloads: downloads });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const pathOf = (exportId: string, token = server.token) => `/export/${exportId}?token=${encodeURIComponent(token)}`;
  // Offers a plan; `ends` is what the route reported of it.
  function offer(offered: ExportPlan): { readonly exportId: string; readonly ends: ExportDownloadEnd[] } {
    const ends: ExportDownloadEnd[] = [];
    return { exportId: downloads.offer(offered, (end) => { ends.push(end); }), ends };
  }

  it('streams the file once, as an attachment with its name, says it finished, then refuses the same id', async () => {
    const { exportId, ends } = offer(plan(chunks));
    const first = await get(server.port, pathOf(exportId), { 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-type'], 'application/mbox');
    assert.equal(first.headers['content-disposition'], contentDisposition('Résumés "2024".mbox'));
    assert.equal(first.headers['cache-control'], 'no-store');
    assert.ok(first.body.equals(whole), 'the body is every chunk in order');
    assert.deepEqual(ends, [{ kind: 'finished', messageCount: 5, bytes: whole.length }]);
    const again = await get(server.port, pathOf(exportId));
    assert.equal(again.status, 404, 'an id works once');
  });

  it('refuses a wrong token, another site or Host without using up the id', async () => {
    const { exportId } = offer(plan(chunks));
    assert.equal((await get(server.port, pathOf(exportId, 'not-the-token'))).status, 403);
    assert.equal((await get(server.port, `/export/${exportId}`)).status, 403);
    assert.equal((await get(server.port, pathOf(exportId), { 'Sec-Fetch-Site': 'cross-site' })).status, 403);
    assert.equal((await get(server.port, pathOf(exportId), { Origin: 'http://evil.example' })).status, 403);
    assert.equal((await get(server.port, pathOf(exportId), { Host: `localhost:${server.port}` })).status, 403);
    assert.equal((await get(server.port, pathOf(exportId), {}, 'POST')).status, 405);
    const taken = await get(server.port, pathOf(exportId));
    assert.equal(taken.status, 200);
    assert.ok(taken.body.equals(whole));
  });

  it('refuses an id past its minute, saying it expired, and one never offered', async () => {
    const { exportId, ends } = offer(plan(chunks));
    clock += exportDownloadTtlMs + 1;
    assert.equal((await get(server.port, pathOf(exportId))).status, 404);
    assert.deepEqual(ends, [{ kind: 'expired' }]);
    assert.equal((await get(server.port, pathOf('B'.repeat(32)))).status, 404);
  });

  it('breaks off a download whose export fails, so the browser does not keep a short file, and says why', async () => {
    const { exportId, ends } = offer(plan(chunks, 2));
    const answer = await get(server.port, pathOf(exportId));
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['transfer-encoding'], 'chunked', 'no length to make a short body look whole');
    assert.equal(answer.headers['content-length'], undefined);
    assert.equal(answer.complete, false, 'the response never ends normally');
    assert.ok(answer.body.length < whole.length);
    assert.deepEqual(ends, [{ kind: 'failed', reason: 'Something went wrong inside Letterbox while writing the export. The download stopped after 2 of 5 messages.' }]);
  });

  it('says the browser stopped a download it left midway', async () => {
    // The second message is written only once the client has gone.
    let clientGone = () => {};
    const gone = new Promise<void>((resolve) => (clientGone = resolve));
    const { exportId, ends } = offer({
      ...plan(chunks),
      async write(sink) {
        await sink.write(chunks[0] ?? Buffer.alloc(0));
        await gone;
        await sink.write(chunks[1] ?? Buffer.alloc(0));
        return 0;
      },
    });
    const outgoing = request({ host: '127.0.0.1', port: server.port, path: pathOf(exportId) }, (response) => {
      response.once('data', () => {
        outgoing.destroy();
        response.socket.once('close', clientGone);
      });
    });
    outgoing.on('error', () => undefined);
    outgoing.end();
    const deadline = Date.now() + 5000;
    while (ends.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(ends.length, 1);
    const [end] = ends;
    // The second message may be handed to the socket before the server sees it close.
    assert.match(
      end?.kind === 'failed' ? end.reason : JSON.stringify(end),
      /^The browser stopped the download before it finished \(it was cancelled, or the connection closed\)\. The download stopped after [12] of 5 messages\.$/,
    );
  });
});
