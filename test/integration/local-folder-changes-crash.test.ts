// Crash safety of deleting and renaming local folders, proven by kill -9: the real service in a
// child process (test/servers/local-folder-changes-child.ts) deletes "Projects" and its
// subfolder into Trash, or renames it to "Work", and kills itself right after the store's
// commit or at a file or directory rename (LETTERBOX_CRASH_AT). After each kill, Local
// Folders' start-up recovery runs; then every message is here exactly once with its exact
// bytes, where the store's commit put it (Trash, or the renamed folder), no directory of
// the old folders is left, and a second start finds nothing left to do.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLocalFolders } from '../../electron/local/local-folders.ts';
import { openDatabase } from '../../electron/store/open-database.ts';
import { storeOver } from '../../electron/store/store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { generateMessage, seedMessageId } from '../servers/seed.ts';

const CHILD = join(import.meta.dirname, '..', 'servers', 'local-folder-changes-child.ts');
const IN_PROJECTS = 30;
const IN_SUBFOLDER = 12;
const messages = Array.from({ length: IN_PROJECTS + IN_SUBFOLDER }, (_, index) => {
  const raw = Buffer.from(generateMessage(index + 1));
  return {
    id: seedMessageId(index + 1),
    folder: index < IN_PROJECTS ? 'Projects' : 'Projects/2024',
    raw,
    sha: createHash('sha256').update(raw).digest('hex'),
  };
});

type ChildEnd = { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly output: string };

function runChild(dataDir: string, phase: 'seed' | 'delete' | 'rename', crashAt?: string): Promise<ChildEnd> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.LETTERBOX_CRASH_COUNT;
  if (crashAt === undefined) delete env.LETTERBOX_CRASH_AT;
  else env.LETTERBOX_CRASH_AT = crashAt;
  const seed = JSON.stringify(messages.map((message) => ({ folder: message.folder, base64: message.raw.toString('base64') })));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, phase, seed], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

// Recovery as the next start runs it, then where each seeded message is, read from its file.
async function recoverAndInspect(
  dataDir: string,
): Promise<{ readonly places: ReadonlyMap<string, string>; readonly paths: readonly string[] }> {
  const store = storeOver(openDatabase(dataDir));
  try {
    const local = createLocalFolders(store, dataDir);
    await local.recover();
    const folders = await store.folders.listByAccount((await local.account()).accountId);
    const places = new Map<string, string>();
    for (const folder of folders) {
      for (const item of (await store.messages.listPage(folder.id, 0, 1000))?.items ?? []) {
        const source = await local.readSource(item.id);
        assert.ok(source, `the file of ${item.subject} is there`);
        const seeded = messages.find((message) => message.sha === createHash('sha256').update(source).digest('hex'));
        assert.ok(seeded, `${item.subject} in ${folder.path} has the bytes it was imported with`);
        assert.equal(places.has(seeded.id), false, `${seeded.id} is here once, not twice`);
        places.set(seeded.id, folder.path);
      }
    }
    for (const message of messages) assert.ok(places.has(message.id), `${message.id} is not lost`);
    return { places, paths: folders.map((folder) => folder.path).sort() };
  } finally {
    store.close();
  }
}

function maildirLeftovers(dataDir: string, prefix: string): readonly string[] {
  const root = join(dataDir, 'local');
  return readdirSync(root).filter((name) => name === prefix || name.startsWith(`${prefix}.`));
}

describe('deleting and renaming local folders survive kill -9 at every step', () => {
  const dir = makeTempDir('lb-local-folder-crash-');
  const template = join(dir.path, 'template');

  before(async () => {
    const seeded = await runChild(template, 'seed');
    assert.equal(seeded.code, 0, seeded.output);
  });
  after(() => {
    dir.remove();
  });

  // Right after the store's commit, at the first, a middle and the last file moved into Trash.
  for (const crashAt of ['store-commit:1', 'rename:1', `rename:${IN_PROJECTS}`, `rename:${IN_PROJECTS + IN_SUBFOLDER}`]) {
    it(`a delete into Trash killed at ${crashAt} loses nothing and recovery finishes it`, { timeout: 180_000 }, async () => {
      const dataDir = join(dir.path, `delete-${crashAt.replace(':', '-')}`);
      cpSync(template, dataDir, { recursive: true });
      const killed = await runChild(dataDir, 'delete', crashAt);
      assert.equal(killed.signal, 'SIGKILL', `the child was killed at ${crashAt}:\n${killed.output}`);

      const { places, paths } = await recoverAndInspect(dataDir);
      // Every kill point is after the commit, which moved every message at once into Trash.
      assert.deepEqual(paths, ['INBOX', 'Trash'], 'the commit was made before the kill');
      for (const message of messages) assert.equal(places.get(message.id), 'Trash', message.id);
      assert.deepEqual(maildirLeftovers(dataDir, '.Projects'), [], 'recovery removed the emptied directories');
      assert.equal(readdirSync(join(dataDir, 'local', '.Trash', 'cur')).length, messages.length, 'every file is in Trash/cur');

      // A second start finds nothing left to do.
      const done = await recoverAndInspect(dataDir);
      assert.deepEqual(done.paths, ['INBOX', 'Trash']);
      for (const message of messages) assert.equal(done.places.get(message.id), 'Trash');
      assert.deepEqual(maildirLeftovers(dataDir, '.Projects'), []);
    });
  }

  // Right after the commit, and at each of the two directory renames.
  for (const crashAt of ['store-commit:1', 'rename:1', 'rename:2']) {
    it(`a rename killed at ${crashAt} loses nothing and recovery finishes it`, { timeout: 180_000 }, async () => {
      const dataDir = join(dir.path, `rename-${crashAt.replace(':', '-')}`);
      cpSync(template, dataDir, { recursive: true });
      const killed = await runChild(dataDir, 'rename', crashAt);
      assert.equal(killed.signal, 'SIGKILL', `the child was killed at ${crashAt}:\n${killed.output}`);

      const { places, paths } = await recoverAndInspect(dataDir);
      assert.deepEqual(paths, ['INBOX', 'Trash', 'Work', 'Work/2024'], 'the commit was made before the kill');
      for (const message of messages)
        assert.equal(places.get(message.id), message.folder.replace('Projects', 'Work'), message.id);
      assert.deepEqual(maildirLeftovers(dataDir, '.Projects'), [], 'recovery moved the directories');

      const done = await recoverAndInspect(dataDir);
      assert.deepEqual(done.paths, ['INBOX', 'Trash', 'Work', 'Work/2024']);
      assert.ok(existsSync(join(dataDir, 'local', '.Work.2024', 'cur')));
      assert.deepEqual(maildirLeftovers(dataDir, '.Projects'), []);
    });
  }
});
