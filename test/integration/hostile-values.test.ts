// Hostile values from an IMAP or POP3 server (issue 9, item 4): UID 0 and negative UIDs,
// impossible counts (EXISTS -1, EXISTS 2^32, UIDNEXT at the top of the UID space), EXISTS and
// EXPUNGE in the middle of a FETCH, malformed modified UTF-7 (RFC 3501 5.1.3) and mailbox
// names or UIDLs such as "../../x", "/etc/passwd", "a\0b" and "..". Letterbox neither
// crashes nor corrupts its store, says clearly what it refused, and never makes a file path
// of a server's name or UIDL. No real server sends these on purpose: scripted ones do.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { Folder } from '../../shared/domain.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import { hostileCounter } from '../servers/hostile-count.ts';
import { startHostileImapServer, type HostileFolder, type HostileImapServer } from '../servers/hostile-imap-server.ts';
import { openPop3Fixture } from '../servers/pop3-local-fixture.ts';
import { startScriptedServer, type ScriptedServer } from '../servers/scripted-server.ts';

const tried = hostileCounter('hostile values');

// Names a careless client would turn into paths outside its data directory, or that break
// a modified UTF-7 decoder.
const PATH_NAMES = ['../../x', '/etc/passwd', '..', 'a\u0000b', '..\\..\\win', 'Inbox/../../up'];
// imapflow drops a leading delimiter: "/etc/passwd" is the folder "etc/passwd".
const STORED_AS: Readonly<Record<string, string>> = { '/etc/passwd': 'etc/passwd' };
const UTF7_NAMES = ['&Jjo!', '&U,BTFw-&ZeVnLIqe-', '&', 'Drafts&', '&-', '&AGEAYgBj-', '&2D3eAA-', '&&&-'];

function quoted(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// A literal for a name a quoted string cannot carry (RFC 3501 4.3: no NUL, CR or LF there).
function wire(name: string): string {
  return name.includes('\u0000') || /[\r\n]/.test(name) ? `{${Buffer.byteLength(name)}}\r\n${name}` : quoted(name);
}

function folder(name: string, overrides: Partial<HostileFolder> = {}): HostileFolder {
  return {
    wire: wire(name),
    match: name,
    exists: '1',
    uidNext: '2',
    uidValidity: '7',
    messages: [{ uid: '1', subject: `In ${name}` }],
    ...overrides,
  };
}

const FOLDERS: readonly HostileFolder[] = [
  folder('INBOX', {
    exists: '6',
    uidNext: '20',
    // UID 0 (RFC 3501 2.3.1.1: UIDs are non-zero), a negative one, a duplicate, and EXISTS and
    // EXPUNGE between FETCH responses (RFC 3501 7.4.1 allows EXPUNGE only outside a FETCH;
    // a hostile server sends them anyway).
    messages: [
      { uid: '11', subject: 'Good eleven' },
      { uid: '0', subject: 'UID zero' },
      { uid: '-5', subject: 'UID minus five' },
      { uid: '12', subject: 'Good twelve' },
      { uid: '12', subject: 'Duplicate twelve' },
      { uid: '13', subject: 'Good thirteen' },
    ],
    midFetch: '* 9 EXISTS\r\n* 1 EXPUNGE\r\n* 2 EXPUNGE\r\n',
  }),
  folder('Minus', { exists: '-1' }),
  folder('Huge', { exists: '4294967296' }),
  folder('Top', { exists: '2', uidNext: '4294967295', messages: [{ uid: '5', subject: 'Low' }, { uid: '4294967290', subject: 'High' }] }),
  folder('Beyond', { uidNext: '9007199254740993' }),
  folder('Zero', { uidNext: '0', uidValidity: '0' }),
  ...PATH_NAMES.map((name) => folder(name)),
  ...UTF7_NAMES.map((name) => folder(name)),
];

async function request<C extends ChannelName>(service: Service, channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

function allPaths(dir: string): readonly string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

// No file or directory name in the tree may carry a server's name.
function assertNoServerNameInPaths(root: string, names: readonly string[]): void {
  for (const path of allPaths(root)) {
    for (const segment of path.split(/[\\/]/)) {
      for (const name of names) {
        const leaf = name.split(/[\\/]/).filter((part) => part !== '' && part !== '..').at(-1) ?? '';
        if (leaf.length >= 3) assert.ok(!segment.includes(leaf), `the server's name ${JSON.stringify(name)} became a path: ${path}`);
      }
      assert.ok(segment !== '..' && !segment.includes('\u0000'), `no ".." or NUL in ${path}`);
    }
  }
}

function integrityOf(dataDir: string): string {
  const database = new DatabaseSync(join(dataDir, 'letterbox.sqlite'), { readOnly: true });
  try {
    return (database.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
  } finally {
    database.close();
  }
}

describe('an IMAP server sending hostile values', () => {
  let server: HostileImapServer;
  let root = '';
  let dataDir = '';
  let service: Service;
  let accountId = '';
  const statuses: string[] = [];
  let syncError = '';

  before(async () => {
    server = await startHostileImapServer(FOLDERS);
    // The data directory sits one level down, so anything written beside it is seen.
    root = mkdtempSync(join(tmpdir(), 'lb-hostile-values-'));
    dataDir = join(root, 'data');
    mkdirSync(dataDir);
    service = createService({
      dataDir,
      secretStore: createFileSecretStore(dataDir),
      openExternal: () => Promise.resolve(false),
      logError: (error) => {
        console.error('service error:', error);
      },
      sync: { checkIntervalMs: 3_600_000 },
    });
    service.subscribe((event, payload) => {
      if (event === 'status') statuses.push((payload as { text: string }).text);
    });
    const account = await request(service, 'addAccount', {
      kind: 'imap',
      email: 'eve@example.org',
      password: 'pw',
      incoming: { host: server.host, port: server.port, security: 'none', username: 'eve' },
      outgoing: null,
    });
    accountId = account.id;
    const synced = await service.dispatch('syncAccount', { accountId });
    if (!synced.ok) syncError = synced.error.message;
  });

  after(async () => {
    await service.close();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists every folder, whatever its name, and keeps the server-given names as names only', async () => {
    const folders: readonly Folder[] = await request(service, 'listFolders', { accountId });
    [...PATH_NAMES, ...UTF7_NAMES].forEach(() => {
      tried();
    });
    const paths = folders.map((entry) => entry.path);
    for (const name of PATH_NAMES.filter((candidate) => !candidate.includes('\u0000'))) {
      assert.ok(paths.includes(STORED_AS[name] ?? name), `${JSON.stringify(name)} is listed as it was sent (${JSON.stringify(paths)})`);
    }
    console.log(`folder names as stored: ${JSON.stringify(folders.map((entry) => [entry.path, entry.name]))}`);
    assertNoServerNameInPaths(dataDir, [...PATH_NAMES, ...UTF7_NAMES]);
    assert.deepEqual(readdirSync(root), ['data'], 'nothing was written beside the data directory');
  });

  it('stores no message under UID 0, a negative or a repeated UID, and survives EXISTS and EXPUNGE mid-FETCH', async () => {
    tried();
    tried();
    tried();
    const folders = await request(service, 'listFolders', { accountId });
    const inbox = folders.find((entry) => entry.path === 'INBOX');
    assert.ok(inbox);
    const page = await request(service, 'listMessages', { folderId: inbox.id, offset: 0, limit: 100 });
    const uids = page.items.map((item) => item.uid).sort((a, b) => a - b);
    assert.deepEqual(uids, [11, 12, 13]);
    assert.ok(!page.items.some((item) => /zero|minus/i.test(item.subject)));
  });

  it('refuses impossible counts and UIDs with a clear error, and keeps every other folder', async () => {
    for (let count = 0; count < 5; count += 1) tried();
    console.log(`sync error: ${syncError}`);
    console.log(`last statuses: ${JSON.stringify(statuses.slice(-3))}`);
    const folders = await request(service, 'listFolders', { accountId });
    const impossible: Readonly<Record<string, RegExp>> = {
      // imapflow cannot read "* -1 EXISTS" at all.
      Minus: /impossible message count \(none it could read\)/,
      Huge: /impossible message count \(4294967296\)/,
      Beyond: /impossible UIDNEXT/,
      Zero: /impossible UIDNEXT \(0\)/,
    };
    for (const [path, reason] of Object.entries(impossible)) {
      const entry = folders.find((candidate) => candidate.path === path);
      assert.ok(entry, `${path} is listed`);
      const result = await service.dispatch('syncFolder', { folderId: entry.id });
      assert.equal(result.ok, false, `${path} is refused`);
      assert.equal(result.error.code, 'server-error');
      assert.match(result.error.message, reason);
      assert.match(result.error.message, new RegExp(`"${path}"`));
      const page = await request(service, 'listMessages', { folderId: entry.id, offset: 0, limit: 100 });
      assert.deepEqual(page.items, [], `nothing of ${path} was stored`);
    }
    // UIDNEXT 4294967295 is legal: the folder's two messages are fetched with a handful of
    // commands, not 8.6 million FETCHes of empty ranges.
    const top = folders.find((candidate) => candidate.path === 'Top');
    assert.ok(top);
    const topPage = await request(service, 'listMessages', { folderId: top.id, offset: 0, limit: 100 });
    assert.deepEqual(topPage.items.map((item) => item.uid).sort((a, b) => a - b), [5, 4294967290]);
    const fetches = server.commands.filter((command) => /^\S+ UID FETCH/i.test(command)).length;
    assert.ok(fetches < 100, `a few FETCH commands in all (${fetches})`);
    // The account's sync went on past the refused folders, then said which were refused.
    assert.match(syncError, /folders could not be synced; the others are up to date/);
  });

  it('leaves a store that passes PRAGMA integrity_check', async () => {
    await service.close();
    assert.equal(integrityOf(dataDir), 'ok');
    service = createService({
      dataDir,
      secretStore: createFileSecretStore(dataDir),
      openExternal: () => Promise.resolve(false),
      sync: { checkIntervalMs: 3_600_000 },
    });
  });
});

describe('a POP3 server sending hostile UIDLs', () => {
  let server: ScriptedServer;
  let root = '';
  const HOSTILE_UIDLS = ['../../x', '/etc/passwd', '..', '..\\..\\win', 'C:\\evil', '%2e%2e%2fx'];
  const message = (index: number) => `From: eve@example.org\r\nSubject: Hostile ${index}\r\nMessage-ID: <${index}@hostile>\r\n\r\nbody ${index}\r\n`;
  let uidls: readonly string[] = HOSTILE_UIDLS;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'lb-hostile-uidl-'));
    server = await startScriptedServer({
      greeting: '+OK hostile POP3\r\n',
      onLine(line, connection) {
        const [verb = '', argument = ''] = line.split(' ');
        switch (verb.toUpperCase()) {
          case 'CAPA':
            connection.write('+OK\r\nUSER\r\nUIDL\r\nTOP\r\n.\r\n');
            return;
          case 'STAT':
            connection.write(`+OK ${uidls.length} ${uidls.length * 80}\r\n`);
            return;
          case 'LIST':
            connection.write(`+OK\r\n${uidls.map((_, index) => `${index + 1} ${Buffer.byteLength(message(index + 1))}\r\n`).join('')}.\r\n`);
            return;
          case 'UIDL':
            connection.write(`+OK\r\n${uidls.map((uidl, index) => `${index + 1} ${uidl}\r\n`).join('')}.\r\n`);
            return;
          case 'RETR':
          case 'TOP':
            connection.write(`+OK\r\n${message(Number(argument))}.\r\n`);
            return;
          case 'QUIT':
            connection.write('+OK bye\r\n');
            connection.drop();
            return;
          default:
            connection.write('+OK\r\n');
        }
      },
    });
  });

  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps each message under a Maildir name of its own, never the UIDL, and downloads each once', async () => {
    const dataDir = join(root, 'pop3-data');
    mkdirSync(dataDir);
    const fixture = await openPop3Fixture(dataDir, { host: server.host, port: server.port, username: 'eve', password: 'pw', caCertificate: '' });
    const open = (settings: Parameters<typeof openPop3Session>[0]) => openPop3Session({ ...settings, security: 'none' });
    try {
      HOSTILE_UIDLS.forEach(() => {
        tried();
      });
      await fixture.check(open);
      // The same UIDLs again: nothing is downloaded twice.
      await fixture.check(open);
      const files = allPaths(join(dataDir, 'local')).filter((path) => /(^|[\\/])(cur|new|tmp)[\\/]./.test(path));
      assert.equal(files.length, HOSTILE_UIDLS.length, `one file a message: ${JSON.stringify(files)}`);
      for (const path of files) assert.match(relative('.', path).split(/[\\/]/).at(-1) ?? '', /^\d+\.M\d+P\d+Q\d+R[0-9a-f]+\./);
      assertNoServerNameInPaths(dataDir, HOSTILE_UIDLS);
      assert.deepEqual(readdirSync(root), ['pop3-data']);
    } finally {
      fixture.close();
    }
    assert.equal(integrityOf(dataDir), 'ok');
  });

  it('refuses a UIDL with a NUL or a space in it with a clear error and stores nothing of that listing', async () => {
    const dataDir = join(root, 'pop3-nul');
    mkdirSync(dataDir);
    uidls = ['good-1', 'a\u0000b'];
    tried();
    const fixture = await openPop3Fixture(dataDir, { host: server.host, port: server.port, username: 'eve', password: 'pw', caCertificate: '' });
    try {
      const failure = await fixture.check((settings) => openPop3Session({ ...settings, security: 'none' })).then(
        () => null,
        (error: unknown) => error,
      );
      const said = failure instanceof Error ? failure.message : JSON.stringify(fixture.statuses.at(-1));
      console.log(`POP3 NUL UIDL: ${said}`);
      assert.match(said, /unique-id|UIDL/i);
      const files = allPaths(join(dataDir, 'local')).filter((path) => /(^|[\\/])(cur|new)[\\/]./.test(path));
      assert.deepEqual(files, []);
    } finally {
      fixture.close();
      uidls = HOSTILE_UIDLS;
    }
    assert.equal(integrityOf(dataDir), 'ok');
  });
});
