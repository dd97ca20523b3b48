// Renaming and deleting local folders over a real store and real Maildir files in a temp dir
// (Local Folders have no server). The crash-ordering cases commit the store's half of a
// change without its disk half, as a crash right after the commit leaves it, and check that
// reads and the next start's recovery put every file where the store says it is.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { openDatabase } from '../store/open-database.ts';
import { storeOver, type Store } from '../store/store.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { createLocalFolderChanges, type LocalFolderChanges } from './local-folder-changes.ts';
import { createLocalFolderTree } from './local-folder-tree.ts';
import { createLocalFolders, type LocalFolders } from './local-folders.ts';
import { baseNameOf } from './maildir-name.ts';

function message(n: number): Buffer {
  return Buffer.from(`From: bob@example.org\r\nSubject: Note ${n}\r\nMessage-ID: <note${n}@example.org>\r\n\r\nBody ${n}\r\n`);
}

describe('renaming and deleting local folders', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let local: LocalFolders;
  let changes: LocalFolderChanges;
  let accountId: string;
  const events: string[] = [];

  async function folder(path: string): Promise<StoredFolder> {
    const found = (await store.folders.listByAccount(accountId)).find((candidate) => candidate.path === path);
    assert.ok(found, `folder ${path} is in the store`);
    return found;
  }

  async function paths(): Promise<readonly string[]> {
    return (await store.folders.listByAccount(accountId)).map((candidate) => candidate.path).sort();
  }

  // Subjects of a folder's messages, each read back from its file.
  async function contents(path: string): Promise<readonly string[]> {
    const page = await store.messages.listPage((await folder(path)).id, 0, 100);
    const subjects: string[] = [];
    for (const item of page?.items ?? []) {
      const source = await local.readSource(item.id);
      assert.ok(source, `the file of "${item.subject}" is there`);
      assert.match(source.toString(), new RegExp(`Subject: ${item.subject}\r\n`));
      subjects.push(item.subject);
    }
    return subjects.sort();
  }

  function files(directory: string): readonly string[] {
    const cur = join(local.root, directory, 'cur');
    return existsSync(cur) ? readdirSync(cur) : [];
  }

  async function rejection(work: Promise<unknown>): Promise<LetterboxError> {
    const error = await work.then(
      () => null,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof LetterboxError, `refused with a LetterboxError, got ${String(error)}`);
    return error;
  }

  beforeEach(async () => {
    dir = makeTempDir('lb-local-folder-changes-');
    events.length = 0;
    store = storeOver(openDatabase(dir.path));
    local = createLocalFolders(store, dir.path);
    changes = createLocalFolderChanges({
      store,
      local,
      changes: store.localFolderChanges,
      emit: (event) => events.push(event),
      ready: () => Promise.resolve(),
    });
    accountId = (await local.account()).accountId;
    const ids = await createLocalFolderTree(store).add(accountId, ['Projects/2024', 'Receipts', 'a.b']);
    const id = (path: string): string => ids.get(path) ?? assert.fail(path);
    await local.deliver(
      id('Projects'),
      [1, 2].map((n) => ({ source: message(n), size: message(n).length, ledger: null })),
    );
    await local.deliver(
      id('Projects/2024'),
      [3].map((n) => ({ source: message(n), size: message(n).length, ledger: null })),
    );
    await local.deliver(
      id('Receipts'),
      [4].map((n) => ({ source: message(n), size: message(n).length, ledger: null })),
    );
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('renames a folder and its subfolder: paths, directories and messages follow', async () => {
    await changes.rename(await folder('Projects'), '  Work ');
    assert.deepEqual(await paths(), ['INBOX', 'Receipts', 'Trash', 'Work', 'Work/2024', 'a.b']);
    assert.equal((await folder('Work')).name, 'Work');
    assert.equal((await folder('Work/2024')).parentId, (await folder('Work')).id, 'the subfolder stays under it');
    assert.deepEqual(await contents('Work'), ['Note 1', 'Note 2']);
    assert.deepEqual(await contents('Work/2024'), ['Note 3']);
    assert.equal(files('.Work').length, 2);
    assert.equal(files('.Work.2024').length, 1);
    assert.equal(existsSync(join(local.root, '.Projects')), false);
    assert.equal(existsSync(join(local.root, '.Projects.2024')), false);
    assert.ok(events.includes('foldersChanged'));
  });

  it('renames a subfolder within its parent, and changes only the case of a name', async () => {
    await changes.rename(await folder('Projects/2024'), '2025');
    assert.deepEqual(await contents('Projects/2025'), ['Note 3']);
    await changes.rename(await folder('Receipts'), 'receipts');
    assert.deepEqual(await contents('receipts'), ['Note 4']);
    assert.deepEqual(files('.receipts').length, 1);
  });

  it('refuses names that are empty, hold the separator, exist at that level or share a directory, and the special folders', async () => {
    const projects = await folder('Projects');
    const cases: readonly (readonly [StoredFolder, string, string, RegExp])[] = [
      [projects, '   ', 'invalid-argument', /Enter a name/],
      [projects, 'Work/Old', 'invalid-argument', /cannot contain "\/": Local Folders use it to separate/],
      [projects, 'RECEIPTS', 'already-exists', /A folder named "Receipts" already exists in Local Folders/],
      [projects, 'a_b', 'already-exists', /same directory as the folder "a\.b"/],
      [await folder('INBOX'), 'Mail', 'invalid-argument', /Inbox of Local Folders cannot be renamed/],
      [await folder('Trash'), 'Bin', 'invalid-argument', /Trash cannot be renamed/],
      [projects, 'Inbox', 'invalid-argument', /reserved for the Inbox/],
    ];
    for (const [target, name, code, text] of cases) {
      const error = await rejection(changes.rename(target, name));
      assert.equal(error.code, code, `${target.path} -> ${name}`);
      assert.match(error.message, text);
    }
    assert.deepEqual(await paths(), ['INBOX', 'Projects', 'Projects/2024', 'Receipts', 'Trash', 'a.b'], 'nothing changed');
    assert.deepEqual(await contents('Projects'), ['Note 1', 'Note 2']);
    // A name taken at another level is free here.
    await changes.rename(await folder('Projects/2024'), 'Receipts');
    assert.deepEqual(await contents('Projects/Receipts'), ['Note 3']);
  });

  it('deletes a folder with a subfolder into Trash once confirmed, files and all', async () => {
    const projects = await folder('Projects');
    const asked = await rejection(changes.delete(projects, { withSubfolders: false, permanently: false }));
    assert.match(asked.message, /"Projects" holds 1 subfolder, which would be deleted with it/);
    assert.deepEqual(await contents('Projects'), ['Note 1', 'Note 2'], 'nothing moved before the yes');

    await changes.delete(projects, { withSubfolders: true, permanently: false });
    assert.deepEqual(await paths(), ['INBOX', 'Receipts', 'Trash', 'a.b']);
    assert.deepEqual(await contents('Trash'), ['Note 1', 'Note 2', 'Note 3']);
    assert.equal(files('.Trash').length, 3, 'the files are in Trash/cur');
    assert.equal(existsSync(join(local.root, '.Projects')), false, 'the emptied directories are gone');
    assert.equal(existsSync(join(local.root, '.Projects.2024')), false);
    const trash = await folder('Trash');
    assert.equal(trash.totalCount, 3);
    assert.deepEqual(
      (await store.messages.listPage(trash.id, 0, 10))?.items.map((item) => item.uid).sort(),
      [1, 2, 3],
      'Trash gave them UIDs of its own',
    );
  });

  it('deletes a folder inside Trash for good only once confirmed, and empties Trash', async () => {
    await changes.delete(await folder('Receipts'), { withSubfolders: false, permanently: false });
    const ids = await createLocalFolderTree(store).add(accountId, ['Trash/Old']);
    await local.deliver(
      ids.get('Trash/Old') ?? '',
      [message(9)].map((source) => ({ source, size: source.length, ledger: null })),
    );
    const old = await folder('Trash/Old');
    const asked = await rejection(changes.delete(old, { withSubfolders: false, permanently: false }));
    assert.match(asked.message, /"Old" is in Trash: deleting it deletes its messages for good/);

    await changes.delete(old, { withSubfolders: false, permanently: true });
    assert.equal(existsSync(join(local.root, '.Trash.Old')), false);
    assert.deepEqual(await contents('Trash'), ['Note 4'], 'the rest of Trash stays');

    await createLocalFolderTree(store).add(accountId, ['Trash/Older']);
    await changes.emptyTrash(await folder('Trash'));
    assert.deepEqual(await paths(), ['INBOX', 'Projects', 'Projects/2024', 'Trash', 'a.b']);
    assert.deepEqual(await contents('Trash'), []);
    assert.equal(files('.Trash').length, 0, 'the files are deleted');
    assert.equal((await folder('Trash')).totalCount, 0);
  });

  it('refuses to delete the Inbox or Trash, and waits for queued changes to the folder', async () => {
    assert.match(
      (await rejection(changes.delete(await folder('INBOX'), { withSubfolders: true, permanently: true }))).message,
      /Inbox of Local Folders cannot be deleted/,
    );
    assert.match(
      (await rejection(changes.delete(await folder('Trash'), { withSubfolders: true, permanently: true }))).message,
      /Trash cannot be deleted.*Empty Trash/,
    );
    const note = (await store.messages.listPage((await folder('Projects/2024')).id, 0, 10))?.items[0];
    assert.ok(note);
    await store.actions.enqueueFlags([note.id], { flagged: true }, Date.now());
    const busy = await rejection(changes.delete(await folder('Projects'), { withSubfolders: true, permanently: false }));
    assert.match(busy.message, /Changes to messages in "Projects" are still being carried out/);
    assert.match((await rejection(changes.rename(await folder('Projects'), 'Work'))).message, /still being carried out/);
    assert.deepEqual(await contents('Projects/2024'), ['Note 3']);
  });

  it('finishes a rename a crash cut after its commit: reads find the files, recovery moves the directories', async () => {
    // The store's half alone, as a kill right after the commit leaves it.
    await store.folderPaths.renamed(accountId, 'Projects', 'Work', '/', 'Work');
    assert.ok(existsSync(join(local.root, '.Projects')), 'the directories have not moved');
    // A read before any recovery still finds its message's file.
    assert.deepEqual(await contents('Work/2024'), ['Note 3']);
    await createLocalFolders(store, dir.path).recover();
    assert.equal(existsSync(join(local.root, '.Projects')), false);
    assert.equal(existsSync(join(local.root, '.Projects.2024')), false);
    assert.equal(files('.Work').length, 2);
    assert.deepEqual(await contents('Work'), ['Note 1', 'Note 2']);
  });

  it('finishes a delete a crash cut after its commit: the messages are in Trash before the directory goes', async () => {
    const subtree = [await folder('Projects'), await folder('Projects/2024')];
    await store.localFolderChanges.moveAllAndRemove(
      subtree.map((candidate) => candidate.id),
      (await folder('Trash')).id,
    );
    assert.deepEqual(await paths(), ['INBOX', 'Receipts', 'Trash', 'a.b']);
    assert.equal(files('.Projects').length, 2, 'the files have not moved yet');
    await createLocalFolders(store, dir.path).recover();
    assert.equal(files('.Trash').length, 3);
    assert.equal(existsSync(join(local.root, '.Projects')), false);
    assert.equal(existsSync(join(local.root, '.Projects.2024')), false);
    assert.deepEqual(await contents('Trash'), ['Note 1', 'Note 2', 'Note 3']);
  });

  it('never removes a directory holding a file the store does not list', async () => {
    const stray = join(local.root, '.Receipts', 'cur', '1700000000.stray.host:2,S');
    writeFileSync(stray, message(99));
    await changes.delete(await folder('Receipts'), { withSubfolders: false, permanently: false });
    assert.deepEqual(await contents('Trash'), ['Note 4']);
    assert.ok(existsSync(stray), 'a file Letterbox did not write is left where it was');
    await createLocalFolders(store, dir.path).recover();
    assert.ok(existsSync(stray));
  });
  // A crash between a delivery's commit and its rename into cur/ leaves the file in tmp/; at
  // the next start, recovery and a save's verify (a read) may both finish it at once.
  it('finishes a delivery left in tmp/ once when recovery and reads race for it', async () => {
    const receipts = await folder('Receipts');
    const [item] = (await store.messages.listPage(receipts.id, 0, 10))?.items ?? [];
    assert.ok(item);
    const [name] = files('.Receipts');
    assert.ok(name);
    renameSync(join(local.root, '.Receipts', 'cur', name), join(local.root, '.Receipts', 'tmp', baseNameOf(name)));
    const reads = await Promise.all([local.readSource(item.id), local.recover(), local.readSource(item.id), local.readSource(item.id)]);
    for (const read of [reads[0], reads[2], reads[3]]) assert.match(read?.toString() ?? '', /Subject: Note 4\r\n/);
    assert.deepEqual(files('.Receipts'), [name]);
    assert.deepEqual(readdirSync(join(local.root, '.Receipts', 'tmp')), []);
  });
});
