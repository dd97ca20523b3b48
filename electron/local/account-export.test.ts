import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { openDatabase } from '../store/open-database.ts';
import { storeOver, type Store } from '../store/store.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { createAccountExports } from './account-export.ts';
import { ManifestError, parseManifest, sha256Hex } from './export-manifest.ts';
import { createLocalFolders, type LocalFolders } from './local-folders.ts';

function message(i: number, body = `Body ${i}`): Buffer {
  return Buffer.from(`From: s${i}@example.org\r\nSubject: Export ${i}\r\nDate: Mon, 1 Jan 2024 0${i % 10}:00:00 +0000\r\nMessage-ID: <e${i}@x>\r\n\r\n${body}\r\n`);
}

// Every message file of an export folder directory, name → bytes.
function filesOf(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(join(dir, 'cur')).map((name) => [name, readFileSync(join(dir, 'cur', name))]));
}

describe('Whole-account export and its verified import', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let local: LocalFolders;
  let failFor: Set<string>;

  function exports() {
    return createAccountExports({
      store,
      local,
      sourceOf: async (messageId) => {
        if (failFor.has(messageId)) throw new LetterboxError('network', 'The server cannot be reached.');
        const source = await local.readSource(messageId);
        assert.ok(source);
        return source;
      },
    });
  }

  beforeEach(async () => {
    dir = makeTempDir();
    failFor = new Set();
    store = storeOver(openDatabase(join(dir.path, 'data')));
    local = createLocalFolders(store, join(dir.path, 'data'));
    const account = await local.account();
    await local.deliver(account.inboxId, [
      { source: message(1), size: message(1).length, ledger: null, flags: { seen: true, flagged: true, answered: false, draft: false, deleted: false } },
      { source: message(2), size: message(2).length, ledger: null },
      // The same bytes and flags twice: two files, told apart by ".2".
      { source: message(2), size: message(2).length, ledger: null },
    ]);
    assert.ok(account.trashId);
    await local.deliver(account.trashId, [{ source: message(3, 'From the trash\r\n>From quoted'), size: 60, ledger: null, flags: { seen: false, flagged: false, answered: true, draft: false, deleted: false } }]);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('writes Maildir++ and a MANIFEST whose every line matches its file', async () => {
    const target = join(dir.path, 'export');
    const account = await local.account();
    const report = await exports().exportAccount(account.accountId, target);
    assert.deepEqual({ folders: report.folders, messages: report.messages, missing: report.missing }, { folders: 2, messages: 4, missing: [] });
    const manifest = parseManifest(readFileSync(join(target, 'MANIFEST'), 'utf8'));
    assert.deepEqual(manifest.folders.map((folder) => [folder.dir, folder.segments]), [['', ['INBOX']], ['.Trash', ['Trash']]]);
    for (const file of manifest.files) {
      const bytes = readFileSync(join(target, file.path));
      assert.equal(sha256Hex(bytes), file.sha256);
      assert.equal(bytes.length, file.size);
    }
    const names = [...filesOf(target).keys()].sort();
    assert.deepEqual(names, [`${sha256Hex(message(1))}:2,FS`, `${sha256Hex(message(2))}.2:2,`, `${sha256Hex(message(2))}:2,`].sort());
    assert.deepEqual([...filesOf(join(target, '.Trash')).keys()], [`${sha256Hex(message(3, 'From the trash\r\n>From quoted'))}:2,R`]);
  });

  it('refuses a relative path and a directory that is not empty', async () => {
    const account = await local.account();
    await assert.rejects(exports().exportAccount(account.accountId, 'relative/dir'), /full path/);
    const full = join(dir.path, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'other'), 'x');
    await assert.rejects(exports().exportAccount(account.accountId, full), /not empty/);
  });

  it('lists a message whose source cannot be had as missing, in the report and MANIFEST', async () => {
    const account = await local.account();
    const inbox = await store.messages.listPage(account.inboxId, 0, 10);
    const first = inbox?.items[0];
    assert.ok(first);
    failFor.add(first.id);
    const target = join(dir.path, 'partial');
    const report = await exports().exportAccount(account.accountId, target);
    assert.equal(report.messages, 3);
    assert.equal(report.missing.length, 1);
    assert.match(report.missing[0] ?? '', /cannot be reached/);
    assert.equal(parseManifest(readFileSync(join(target, 'MANIFEST'), 'utf8')).missing.length, 1);
  });

  it('round trip: export, import into a new local folder, export again gives the same files', async () => {
    const account = await local.account();
    const first = join(dir.path, 'first');
    await exports().exportAccount(account.accountId, first);
    const imported = await exports().importExport(first, 'Restored');
    assert.deepEqual({ folders: imported.folders, imported: imported.imported, missingInExport: imported.missingInExport }, { folders: 2, imported: 4, missingInExport: 0 });
    const restored = await store.folders.get(imported.folderId);
    assert.equal(restored?.path, 'Restored');
    const page = await store.messages.listPage(imported.folderId, 0, 10);
    const flagged = page?.items.find((item) => item.subject === 'Export 1');
    assert.deepEqual(flagged?.flags, { seen: true, flagged: true, answered: false, draft: false, deleted: false });

    const second = join(dir.path, 'second');
    await exports().exportAccount(account.accountId, second);
    assert.deepEqual(filesOf(join(second, '.Restored')), filesOf(first));
    assert.deepEqual(filesOf(join(second, '.Restored.Trash')), filesOf(join(first, '.Trash')));
    await assert.rejects(exports().importExport(first, 'Restored'), /already have a folder named "Restored"/);
  });

  it('imports nothing from an export with one changed byte, and names the file', async () => {
    const account = await local.account();
    const good = join(dir.path, 'good');
    await exports().exportAccount(account.accountId, good);
    const bad = join(dir.path, 'bad');
    cpSync(good, bad, { recursive: true });
    const victim = readdirSync(join(bad, '.Trash', 'cur'))[0] ?? '';
    const path = join(bad, '.Trash', 'cur', victim);
    const bytes = readFileSync(path);
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    writeFileSync(path, bytes);
    const before = (await store.folders.listByAccount(account.accountId)).length;
    await assert.rejects(exports().importExport(bad, 'Broken'), (error: Error) => {
      assert.ok(error.message.includes(`.Trash/cur/${victim} does not match its SHA-256`), error.message);
      assert.match(error.message, /nothing was imported/);
      return true;
    });
    assert.equal((await store.folders.listByAccount(account.accountId)).length, before);
  });
});

describe('MANIFEST parsing keeps every path inside the export', () => {
  const head = 'Letterbox account export 1\naccount "A" "a@x"\nfolder "" ["INBOX"]\n';
  const hash = 'a'.repeat(64);
  it('refuses paths that leave the export or name an unlisted folder', () => {
    for (const path of ['../cur/x', 'cur/../../x', '.Other/cur/x', '/etc/passwd', 'cur/.hidden', '../../x/cur/y']) {
      assert.throws(() => parseManifest(`${head}${hash} 1 ${path}\n`), ManifestError, path);
    }
    assert.throws(() => parseManifest(`${head}folder ".." ["x"]\n`), ManifestError);
    assert.throws(() => parseManifest(`${head}something else\n`), /line 4/);
    assert.throws(() => parseManifest('not a manifest\n'), /not a Letterbox account export/);
  });
  it('reads names with spaces and flags', () => {
    const manifest = parseManifest(`${head}folder ".My Work" ["My Work"]\n${hash} 12 .My Work/cur/abc:2,S\n`);
    assert.deepEqual(manifest.files, [{ sha256: hash, size: 12, path: '.My Work/cur/abc:2,S' }]);
  });
});
