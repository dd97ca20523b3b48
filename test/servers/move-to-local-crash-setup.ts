// The store and the server state of test/integration/move-to-local-crash.test.ts: an IMAP
// account already in the store (so nothing syncs before the child starts), and after each
// kill, where each seeded message is: on the server's Archive (by Message-ID, a message
// marked \Deleted still counts: it is there until expunged) and here (each local copy the
// store knows, with the SHA-256 of its file).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { folderDirectoryName } from '../../electron/local/maildir-name.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { openStore } from '../../electron/store/store.ts';
import type { DovecotServer } from './dovecot.ts';
import { connectAs } from './seed.ts';

export type MoveCrashConfig = { readonly caCertificate: string; readonly imapAccountId: string };

export async function prepareMoveRun(server: DovecotServer, username: string, dataDir: string): Promise<MoveCrashConfig> {
  const secrets = createFileSecretStore(dataDir);
  const store = openStore(dataDir);
  try {
    await secrets.set('imap-secret', server.user(username).password);
    const imap = await store.accounts.insert({
      kind: 'imap',
      name: 'IMAP',
      email: `${username}@example.org`,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username },
      outgoing: null,
      secretReference: 'imap-secret',
    });
    return { caCertificate: server.caCertificate, imapAccountId: imap.id };
  } finally {
    store.close();
  }
}

export type MoveState = {
  // Message-ID -> SHA-256 of each local copy (a list: twice would be a duplicate).
  readonly local: ReadonlyMap<string, readonly string[]>;
  // Message-IDs on the server's Archive, once per copy there.
  readonly server: readonly string[];
  readonly tmpFiles: readonly string[];
  readonly unknownFiles: readonly string[];
  readonly integrity: readonly string[];
};

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const list = (dir: string): readonly string[] => (existsSync(dir) ? readdirSync(dir) : []);

async function serverIds(server: DovecotServer, username: string): Promise<readonly string[]> {
  const client = await connectAs(server, username);
  try {
    const lock = await client.getMailboxLock('Archive', { readOnly: true });
    try {
      if (client.mailbox === false || client.mailbox.exists === 0) return [];
      return (await client.fetchAll('1:*', { envelope: true })).map((message) => message.envelope?.messageId ?? '');
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

export async function inspectMove(server: DovecotServer, username: string, dataDir: string): Promise<MoveState> {
  const root = join(dataDir, 'local');
  const local = new Map<string, string[]>();
  const known = new Set<string>();
  const database = new DatabaseSync(join(dataDir, databaseFileName), { readOnly: true });
  let folderPaths: readonly string[];
  let integrity: readonly string[];
  try {
    integrity = database
      .prepare('PRAGMA integrity_check')
      .all()
      .map((row) => String(Object.values(row)[0]));
    const rows = database
      .prepare(
        `SELECT m.message_id, lf.base_name, lf.file_name, f.path FROM messages m JOIN folders f ON f.id = m.folder_id
        JOIN accounts a ON a.id = f.account_id AND a.kind = 'local' JOIN local_files lf ON lf.message_ref = m.id`,
      )
      .all();
    for (const row of rows) {
      const dir = join(root, folderDirectoryName(String(row.path)));
      // A kill between the commit and the rename leaves a committed copy in tmp/: durable,
      // and the next start renames it (local-folders.ts), so it counts as here.
      const path = [join(dir, 'cur', String(row.file_name)), join(dir, 'tmp', String(row.base_name))].find((candidate) =>
        existsSync(candidate),
      );
      if (path === undefined) continue;
      known.add(path);
      const messageId = String(row.message_id);
      local.set(messageId, [...(local.get(messageId) ?? []), sha256(readFileSync(path))]);
    }
    folderPaths = database
      .prepare("SELECT f.path FROM folders f JOIN accounts a ON a.id = f.account_id AND a.kind = 'local'")
      .all()
      .map((row) => String(row.path));
  } finally {
    database.close();
  }
  const tmpFiles: string[] = [];
  const unknownFiles: string[] = [];
  for (const path of folderPaths) {
    const dir = join(root, folderDirectoryName(path));
    for (const name of list(join(dir, 'cur'))) if (!known.has(join(dir, 'cur', name))) unknownFiles.push(name);
    tmpFiles.push(...list(join(dir, 'tmp')));
  }
  return { local, server: await serverIds(server, username), tmpFiles, unknownFiles, integrity };
}
