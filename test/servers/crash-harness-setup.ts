// One run of the crash harness gets its own Dovecot user and data directory: mail to move
// in Archive, mail for POP3 in INBOX, and a store with the IMAP and POP3 accounts already
// in it (added straight to the store, so no check starts before the child does).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { folderDirectoryName } from '../../electron/local/maildir-name.ts';
import { DEFAULT_POP3_POLICY } from '../../electron/pop3-sync/pop3-policy.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { openStore } from '../../electron/store/store.ts';
import type { DovecotServer } from './dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedMessageId } from './seed.ts';

export type CrashChildConfig = {
  readonly caCertificate: string;
  readonly imapAccountId: string;
  readonly pop3AccountId: string;
  readonly moveCount: number;
};

export const MOVE_SEEDS = [100, 101];
export const POP3_SEEDS = [200, 201];

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export async function prepareRun(server: DovecotServer, username: string, dataDir: string): Promise<CrashChildConfig> {
  const user = server.user(username);
  await appendMessages(server, username, 'Archive', MOVE_SEEDS.map((i) => ({ raw: generateMessage(i) })));
  await appendMessages(server, username, 'INBOX', POP3_SEEDS.map((i) => ({ raw: generateMessage(i) })));
  const secrets = createFileSecretStore(dataDir);
  const store = openStore(dataDir);
  try {
    await secrets.set('imap-secret', user.password);
    await secrets.set('pop3-secret', user.password);
    const email = `${username}@example.org`;
    const imap = await store.accounts.insert({
      kind: 'imap',
      name: 'IMAP',
      email,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username },
      outgoing: null,
      secretReference: 'imap-secret',
    });
    const pop3 = await store.accounts.insert({
      kind: 'pop3',
      name: 'POP3',
      email,
      incoming: { host: server.host, port: server.pop3sPort, security: 'tls', username },
      outgoing: null,
      secretReference: 'pop3-secret',
    });
    await store.pop3.saveSettings(pop3.id, { ...DEFAULT_POP3_POLICY, leaveOnServer: false, checkIntervalSeconds: 3600, targetFolderId: null });
    return { caCertificate: server.caCertificate, imapAccountId: imap.id, pop3AccountId: pop3.id, moveCount: MOVE_SEEDS.length };
  } finally {
    store.close();
  }
}

export type RunState = {
  readonly integrity: readonly string[];
  // Message-ID -> SHA-256 of each local copy's file (a list: twice would be a bug).
  readonly local: ReadonlyMap<string, readonly string[]>;
  // Local rows whose file is missing, and files in cur/ no row names.
  readonly missingFiles: readonly string[];
  readonly unknownFiles: readonly string[];
  readonly tmpFiles: readonly string[];
  readonly server: { readonly archive: readonly string[]; readonly inbox: readonly string[]; readonly drafts: readonly string[] };
  readonly draftRows: readonly string[];
};

function list(dir: string): readonly string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function serverIds(server: DovecotServer, username: string, path: string): Promise<readonly string[]> {
  const client = await connectAs(server, username);
  try {
    const lock = await client.getMailboxLock(path, { readOnly: true });
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

export async function inspectRun(server: DovecotServer, username: string, dataDir: string): Promise<RunState> {
  const database = new DatabaseSync(join(dataDir, databaseFileName), { readOnly: true });
  const root = join(dataDir, 'local');
  const local = new Map<string, string[]>();
  const missingFiles: string[] = [];
  const known = new Set<string>();
  let integrity: readonly string[];
  let draftRows: readonly string[];
  let folderPaths: readonly string[];
  try {
    integrity = database.prepare('PRAGMA integrity_check').all().map((row) => String(Object.values(row)[0]));
    const rows = database
      .prepare(`SELECT m.message_id, lf.file_name, f.path FROM messages m JOIN folders f ON f.id = m.folder_id
        JOIN accounts a ON a.id = f.account_id AND a.kind = 'local' LEFT JOIN local_files lf ON lf.message_ref = m.id`)
      .all();
    for (const row of rows) {
      const fileName = row.file_name === null ? null : String(row.file_name);
      const path = fileName === null ? null : join(root, folderDirectoryName(String(row.path)), 'cur', fileName);
      const messageId = String(row.message_id);
      if (path === null || !existsSync(path)) {
        missingFiles.push(`${messageId} (${fileName ?? 'no file row'})`);
        continue;
      }
      known.add(path);
      local.set(messageId, [...(local.get(messageId) ?? []), sha256(readFileSync(path))]);
    }
    draftRows = database.prepare('SELECT message_id FROM drafts WHERE discarded = 0').all().map((row) => String(row.message_id));
    folderPaths = database.prepare("SELECT f.path FROM folders f JOIN accounts a ON a.id = f.account_id AND a.kind = 'local'").all().map((row) => String(row.path));
  } finally {
    database.close();
  }
  const unknownFiles: string[] = [];
  const tmpFiles: string[] = [];
  for (const path of folderPaths) {
    const dir = join(root, folderDirectoryName(path));
    for (const name of list(join(dir, 'cur'))) if (!known.has(join(dir, 'cur', name))) unknownFiles.push(name);
    tmpFiles.push(...list(join(dir, 'tmp')));
  }
  return {
    integrity,
    local,
    missingFiles,
    unknownFiles,
    tmpFiles,
    server: {
      archive: await serverIds(server, username, 'Archive'),
      inbox: await serverIds(server, username, 'INBOX'),
      drafts: await serverIds(server, username, 'Drafts'),
    },
    draftRows,
  };
}

export function seedSha(i: number): string {
  return sha256(Buffer.from(generateMessage(i), 'utf8'));
}

export { seedMessageId };
