// Issue 9: a browser-mode export download tells the page how it ended. The real service behind
// the real browser-mode server, a page's WebSocket and a download over real HTTP: a folder's
// mbox that finishes says so with its message count and bytes; one whose third message's file
// goes missing from Local Folders while the download runs is broken off (a chunked response
// that never ends, so the browser marks it failed) and the event says why, without a path; a
// link never followed is said to have expired (docs/decisions.md, "Export streams to a file").
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createExportDownloads } from '../../electron/local/export-downloads.ts';
import { parseMbox } from '../../electron/local/mbox-format.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createBrowserModeServer, type BrowserModeServer } from '../../electron/serve/browser-mode-server.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import type { Folder } from '../../shared/domain.ts';
import type { ExportOutcome } from '../../shared/local/begin-export.ts';
import { openBrowserModePage, type BrowserModePage } from '../servers/browser-mode-page.ts';
import { importFiles } from '../servers/import-files.ts';
import { maildirFiles } from '../servers/pop3-local-fixture.ts';
import { generateMessage } from '../servers/seed.ts';

// Larger than loopback's socket buffers, so the download waits on the client after the first
// message and the third is not read before the test removes its file.
const MESSAGE_BYTES = 8 * 1024 * 1024;
// Short, so the test of a link never followed waits seconds, not a minute.
const TTL_MS = 3000;

function bigMessage(i: number): Buffer {
  const head = generateMessage(i, { kind: 'plain', subject: `Export ${i}`, date: new Date(Date.UTC(2024, 0, 1 + i)) });
  const line = `${'x'.repeat(76)}\r\n`;
  return Buffer.from(head + line.repeat(Math.ceil(MESSAGE_BYTES / line.length)), 'utf8');
}

type Download = {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly complete: boolean;
};

// GET as the page's hidden link does; `afterFirstChunk` runs with the response paused.
function download(port: number, path: string, afterFirstChunk: () => void = () => undefined): Promise<Download> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers: { 'Sec-Fetch-Site': 'same-origin' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        if (chunks.length === 0) {
          response.pause();
          afterFirstChunk();
          setTimeout(() => response.resume(), 50);
        }
        chunks.push(chunk);
      });
      response.on('error', () => undefined);
      response.on('close', () => {
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
          complete: response.complete,
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('export downloads in browser mode tell the page how they ended', () => {
  const dir = makeTempDir('lb-export-download-');
  const dataDir = join(dir.path, 'data');
  // Apart from the data: the server serves every file under it.
  const staticDir = join(dir.path, 'static');
  const sources = [1, 2, 3].map(bigMessage);
  let service: Service;
  let server: BrowserModeServer;
  let page: BrowserModePage;
  let inbox: Folder;

  before(async () => {
    // The page itself is not what is tested here.
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '');
    const downloads = createExportDownloads({ ttlMs: TTL_MS });
    service = createService({
      dataDir,
      exportTarget: { kind: 'download', downloads },
      secretStore: createFileSecretStore(dataDir),
      openExternal: () => Promise.resolve(false),
      logError: (error) => {
        console.error('service error:', error);
      },
    });
    server = await createBrowserModeServer({ service, staticDir, exportDownloads: downloads });
    page = await openBrowserModePage(server.port, server.token);
    const local =
      (await page.request('listAccounts', {})).find((account) => account.kind === 'local') ?? assert.fail('Local Folders exist');
    inbox =
      (await page.request('listFolders', { accountId: local.id })).find((folder) => folder.path === 'INBOX') ??
      assert.fail('a local Inbox');
    // Through the page's socket, a chunk at a time, as the page imports.
    const imported = await importFiles(page, inbox.id, sources.map((bytes, index) => ({ fileName: `${index}.eml`, bytes })));
    assert.deepEqual(imported, { ok: true, value: { imported: 3, cancelled: false } });
  });
  after(async () => {
    page.close();
    await server.close();
    await service.close();
    dir.remove();
  });

  async function beginFolderExport(): Promise<Extract<ExportOutcome, { kind: 'download' }>> {
    const outcome = await page.request('beginExport', { folderId: inbox.id });
    if (outcome.kind !== 'download') assert.fail(`beginExport answered ${outcome.kind}`);
    return outcome;
  }
  const linkOf = (outcome: { readonly downloadPath: string }) =>
    `${outcome.downloadPath}?token=${encodeURIComponent(server.token)}`;

  it('says a download finished, with its messages and bytes', async () => {
    const outcome = await beginFolderExport();
    const got = await download(server.port, linkOf(outcome));
    assert.equal(got.status, 200);
    assert.equal(got.complete, true);
    assert.deepEqual(parseMbox(got.body), sources);
    const ended = await page.waitForEvent('exportDownloadEnded', (event) => event.downloadId === outcome.downloadId, 5000);
    assert.deepEqual(ended, { downloadId: outcome.downloadId, kind: 'finished', messageCount: 3, bytes: got.body.length });
  });

  it("breaks off the download when a message's file goes missing midway, and says why without a path", async () => {
    const cur = join(dataDir, 'local', 'cur');
    const third =
      maildirFiles(dataDir, '').cur.find((name) => readFileSync(join(cur, name)).includes('Subject: Export 3')) ??
      assert.fail("the third message's file");
    const outcome = await beginFolderExport();
    const got = await download(server.port, linkOf(outcome), () => {
      rmSync(join(cur, third));
    });
    assert.equal(got.status, 200);
    assert.equal(got.headers['transfer-encoding'], 'chunked');
    assert.equal(got.headers['content-length'], undefined);
    assert.equal(got.complete, false, 'the chunked body never ends, so the browser marks the download failed');
    assert.ok(got.body.length > MESSAGE_BYTES, 'the first messages went out before the missing one');
    const ended = await page.waitForEvent('exportDownloadEnded', (event) => event.downloadId === outcome.downloadId, 5000);
    assert.deepEqual(ended, {
      downloadId: outcome.downloadId,
      kind: 'failed',
      reason:
        "The file of this local message is missing from Letterbox's folder on this computer. Restore it from a backup. The download stopped after 2 of 3 messages.",
    });
    assert.ok(
      !JSON.stringify(page.events('exportDownloadEnded')).includes(dir.path),
      'no path of this computer reaches the page',
    );
  });

  it('says a download whose link was never followed expired, and the link is dead', async () => {
    const outcome = await beginFolderExport();
    const ended = await page.waitForEvent(
      'exportDownloadEnded',
      (event) => event.downloadId === outcome.downloadId,
      TTL_MS + 5000,
    );
    assert.deepEqual(ended, { downloadId: outcome.downloadId, kind: 'expired' });
    assert.equal((await download(server.port, linkOf(outcome))).status, 404);
    assert.equal(
      page.events('exportDownloadEnded').filter((event) => event.downloadId === outcome.downloadId).length,
      1,
      'told once',
    );
  });
});
