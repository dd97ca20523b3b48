// Issue 9, item 7, for imports into Local Folders: a 137 MB .eml (a 100 MB attachment) and a
// 64 MB mbox are imported through the service's channels the way the page imports them, a
// chunk per request (shared/local/import-upload.ts), while main's event loop is measured.
// Before, each file crossed as one request: for 64 MB, checking its base64 held the loop
// 190 ms, decoding it 63 ms, and splitting the whole mbox more; browser mode could not send
// it at all (its WebSocket frames were 1 MiB). The "page" here runs on the same thread, so
// its reading and encoding of each chunk is counted in the measured hold too.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mboxEntry } from '../../electron/local/mbox-format.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { importSource, serviceApi } from '../servers/import-files.ts';
import { maildirFiles } from '../servers/pop3-local-fixture.ts';
import { bigAttachmentMessage, hostileSizes, type HostileMessage } from '../servers/hostile-size-mail.ts';
import { describeHold, measureLoopHold } from '../servers/loop-hold.ts';
import { uploadImport, type ImportUploadProgress } from '../../shared/local/import-upload.ts';

const { megabyte } = hostileSizes;
const maxLagMs = 200;
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function sourceOf(message: HostileMessage): Buffer {
  return Buffer.concat([...message.chunks()].map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)));
}

// 64 messages of 1 MB of text each, every 40th line a "From " line the mbox must quote.
function mboxMessages(): Buffer[] {
  return Array.from({ length: 64 }, (_, n) => {
    const lines = [`From: Sender ${n} <s${n}@example.org>`, `Subject: Imported bulk ${n}`, `Message-ID: <bulk-${n}@letterbox.test>`, ''];
    let length = 0;
    for (let line = 0; length < megabyte; line += 1) {
      const text = line % 40 === 0 ? `From line ${line} of ${n}` : `Line ${line} of message ${n}: some words to index.`;
      lines.push(text);
      length += text.length + 1;
    }
    return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  });
}

describe('hostile sizes in imports: a 137 MB .eml and a 64 MB mbox, a chunk at a time', () => {
  const dir = makeTempDir('lb-hostile-import-');
  let service: Service;
  let inboxId = '';

  before(async () => {
    service = createService({
      dataDir: join(dir.path, 'data'),
      secretStore: createFileSecretStore(join(dir.path, 'data')),
      openExternal: () => Promise.resolve(false),
      logError: (error) => {
        console.error('service error:', error);
      },
    });
    const api = serviceApi(service);
    const accounts = await api.invoke('listAccounts', {});
    const localId = accounts.ok ? accounts.value.find((account) => account.kind === 'local')?.id : undefined;
    const folders = await api.invoke('listFolders', { accountId: localId ?? assert.fail('Local Folders exist') });
    inboxId = (folders.ok ? folders.value.find((folder) => folder.path === 'INBOX')?.id : undefined) ?? assert.fail('a local Inbox');
  });
  after(async () => {
    await service.close();
    dir.remove();
  });

  async function importHeld(fileName: string, bytes: Buffer) {
    const progress: ImportUploadProgress[] = [];
    const held = await measureLoopHold(() =>
      uploadImport(serviceApi(service), inboxId, [importSource({ fileName, bytes })], { onProgress: (step) => progress.push(step) }),
    );
    console.log(
      `hostile sizes (import): ${fileName}, ${Math.round(bytes.length / megabyte)} MB in ${progress.length} chunks, ` +
        `event loop held ${describeHold(held)}, peak RSS ${Math.round(held.peakRssMb)} MB`,
    );
    return { held, progress };
  }

  // The Local Folders Inbox's files, by their SHA-256.
  function fileShas(): Set<string> {
    const cur = join(dir.path, 'data', 'local', 'cur');
    return new Set(maildirFiles(join(dir.path, 'data'), '').cur.map((name) => sha(readFileSync(join(cur, name)))));
  }

  it('imports the 137 MB .eml byte for byte without holding the main thread', async () => {
    const big = sourceOf(bigAttachmentMessage(1, 100 * megabyte));
    const { held, progress } = await importHeld('big.eml', big);
    assert.deepEqual(held.value, { ok: true, value: { imported: 1, cancelled: false } });
    assert.ok(progress.length > 100, `sent in ${progress.length} chunks`);
    assert.equal(progress.at(-1)?.sentBytes, big.length);
    assert.deepEqual([...fileShas()], [sha(big)], 'its file holds the bytes sent');
    assert.ok(held.heldMs < maxLagMs, `importing held the main thread's event loop ${describeHold(held)} (limit ${maxLagMs} ms)`);
  });

  it('imports the 64 MB mbox, each message unquoted and byte for byte, without holding the main thread', async () => {
    const messages = mboxMessages();
    const mbox = Buffer.concat(messages.map((source) => mboxEntry({ sender: 'bulk@example.org', date: new Date(Date.UTC(2024, 0, 1)), source })));
    const { held, progress } = await importHeld('bulk.mbox', mbox);
    assert.deepEqual(held.value, { ok: true, value: { imported: 64, cancelled: false } });
    const counts = progress.map((step) => step.imported);
    assert.ok(counts.some((count) => count > 0 && count < 64), `messages arrive while the file is still being sent (${counts.join(',')})`);
    const files = fileShas();
    assert.equal(files.size, 65, 'the .eml and the 64 messages');
    for (const [n, source] of messages.entries()) assert.ok(files.has(sha(source)), `message ${n} is in a file of its own, unquoted`);
    assert.ok(held.heldMs < maxLagMs, `importing held the main thread's event loop ${describeHold(held)} (limit ${maxLagMs} ms)`);
  });
});
