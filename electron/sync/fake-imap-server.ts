// A fake of OUR ImapSession interface (not of an IMAP server) for unit tests of sync
// and the service. Real protocol behaviour is tested against Dovecot in test/integration.
import { LetterboxError } from '../../shared/errors.ts';
import type { FolderRole } from '../../shared/domain.ts';
import type { ImapConnectionSettings, ImapSession, OpenImapSession, RemoteFolder, RemoteHeader } from '../imap/imap-types.ts';

export type FakeMessage = {
  readonly uid: number;
  readonly flags: readonly string[];
  readonly keywords: readonly string[];
  readonly source: string;
};

export type FakeFolder = {
  path: string;
  role: FolderRole | null;
  subscribed: boolean;
  selectable: boolean;
  uidValidity: number;
  uidNext: number;
  messages: FakeMessage[];
};

export type FakeImapServer = {
  readonly folders: Map<string, FakeFolder>;
  readonly openings: ImapConnectionSettings[];
  readonly fetchCalls: { readonly path: string; readonly fromUid: number }[];
  readonly sourceFetches: { readonly path: string; readonly uid: number }[];
  reachable: boolean;
  // Runs before each header batch is handed over; lets a test act mid-sync.
  beforeBatch: (() => Promise<void>) | null;
  // Paths being watched (IDLE) by open sessions, one entry per watch.
  readonly watching: string[];
  // Tells every session watching path that it changed, as an IDLE EXISTS or FETCH would.
  notify(path: string): void;
  // Ends every open watch as a dropped connection would.
  dropWatches(): void;
  addFolder(path: string, options?: Partial<FakeFolder>): FakeFolder;
  append(path: string, count: number, flagsFor?: (uid: number) => readonly string[], keywordsFor?: (uid: number) => readonly string[]): void;
  readonly openImapSession: OpenImapSession;
};

type FakeWatcher = { readonly path: string; readonly onChange: () => void; readonly drop: () => void };

export function createFakeImapServer(): FakeImapServer {
  const watchers = new Set<FakeWatcher>();
  const server: FakeImapServer = {
    folders: new Map(),
    openings: [],
    fetchCalls: [],
    sourceFetches: [],
    reachable: true,
    beforeBatch: null,
    watching: [],
    notify(path) {
      for (const watcher of watchers) if (watcher.path === path) watcher.onChange();
    },
    dropWatches() {
      for (const watcher of [...watchers]) watcher.drop();
    },
    addFolder(path, options = {}) {
      const folder: FakeFolder = {
        path,
        role: path === 'INBOX' ? 'inbox' : null,
        subscribed: true,
        selectable: true,
        uidValidity: 1,
        uidNext: 1,
        messages: [],
        ...options,
      };
      server.folders.set(path, folder);
      return folder;
    },
    append(path, count, flagsFor = () => [], keywordsFor = () => []) {
      const folder = server.folders.get(path);
      if (!folder) throw new Error(`no folder ${path}`);
      for (let index = 0; index < count; index += 1) {
        const uid = folder.uidNext;
        folder.uidNext += 1;
        folder.messages.push({
          uid,
          flags: flagsFor(uid),
          keywords: keywordsFor(uid),
          source: `Subject: ${path} ${uid}\r\nFrom: bob@example.org\r\nCc: carol@example.org\r\n\r\nBody of ${uid}\r\n`,
        });
      }
    },
    openImapSession: (settings) => {
      server.openings.push(settings);
      if (!server.reachable) return Promise.reject(offline(settings.host));
      return Promise.resolve(sessionOf(server, settings.host, watchers));
    },
  };
  return server;
}

function offline(host: string): LetterboxError {
  return new LetterboxError('connection-refused', `${host} refused the connection.`);
}

function sessionOf(server: FakeImapServer, host: string, watchers: Set<FakeWatcher>): ImapSession {
  let open = true;
  let endWatch: (() => void) | null = null;
  function check(): void {
    if (!open || !server.reachable) throw offline(host);
  }
  return {
    capabilities: ['IMAP4rev1', 'IDLE'],
    listFolders() {
      check();
      return Promise.resolve([...server.folders.values()].map(toRemoteFolder));
    },
    async fetchHeaders(path, options) {
      check();
      const folder = server.folders.get(path);
      if (!folder) throw new LetterboxError('not-found', `No folder ${path}`);
      const fromUid = options.fromUid ?? 1;
      server.fetchCalls.push({ path, fromUid });
      const snapshot = { uidValidity: folder.uidValidity, uidNext: folder.uidNext, highestModseq: null, exists: folder.messages.length };
      const wanted = folder.messages.filter((message) => message.uid >= fromUid).sort((a, b) => b.uid - a.uid);
      let done = 0;
      for (let start = 0; start < wanted.length; start += options.batchSize) {
        if (server.beforeBatch) await server.beforeBatch();
        check();
        const batch = wanted.slice(start, start + options.batchSize).map(toHeader);
        done += batch.length;
        await options.onBatch(batch, { done, total: wanted.length });
      }
      return snapshot;
    },
    fetchSource(path, uid) {
      check();
      server.sourceFetches.push({ path, uid });
      const message = server.folders.get(path)?.messages.find((candidate) => candidate.uid === uid);
      return Promise.resolve(message ? Buffer.from(message.source) : null);
    },
    async resyncFolder(path, known, options) {
      check();
      const folder = server.folders.get(path);
      if (!folder) throw new LetterboxError('not-found', `No folder ${path}`);
      const snapshot = { uidValidity: folder.uidValidity, uidNext: folder.uidNext, highestModseq: null, exists: folder.messages.length };
      if (folder.uidValidity !== known.uidValidity) return { snapshot, mode: 'uidvalidity-changed' as const };
      const present = folder.messages.filter((message) => message.uid < known.uidNext);
      await options.onBatch({ kind: 'present', below: known.uidNext, uids: present.map((message) => message.uid) });
      for (let start = 0; start < present.length; start += options.batchSize) {
        const batch = present.slice(start, start + options.batchSize);
        await options.onBatch({
          kind: 'flags',
          updates: batch.map((message) => ({ uid: message.uid, modseq: null, systemFlags: message.flags, keywords: message.keywords })),
        });
      }
      return { snapshot, mode: 'compare' as const };
    },
    watch(path, handlers) {
      check();
      return new Promise<void>((resolve, reject) => {
        const watcher: FakeWatcher = {
          path,
          onChange: handlers.onChange,
          drop: () => {
            finish();
            reject(offline(host));
          },
        };
        const finish = (): void => {
          watchers.delete(watcher);
          const index = server.watching.indexOf(path);
          if (index >= 0) server.watching.splice(index, 1);
          endWatch = null;
        };
        endWatch = () => {
          finish();
          resolve();
        };
        watchers.add(watcher);
        server.watching.push(path);
        handlers.onReady();
      });
    },
    close() {
      open = false;
      endWatch?.();
      return Promise.resolve();
    },
  };
}

function toRemoteFolder(folder: FakeFolder): RemoteFolder {
  return {
    path: folder.path,
    // As the real layer names it (electron/imap/list-folders.ts).
    name: folder.path.toUpperCase() === 'INBOX' ? 'Inbox' : (folder.path.split('/').pop() ?? folder.path),
    delimiter: '/',
    parentPath: folder.path.includes('/') ? folder.path.slice(0, folder.path.lastIndexOf('/')) : null,
    role: folder.role,
    subscribed: folder.subscribed,
    selectable: folder.selectable,
    messages: folder.messages.length,
    unseen: folder.messages.filter((message) => !message.flags.includes('\\Seen')).length,
    uidValidity: folder.uidValidity,
    uidNext: folder.uidNext,
    highestModseq: null,
  };
}

function toHeader(message: FakeMessage): RemoteHeader {
  return {
    uid: message.uid,
    modseq: null,
    messageId: `<fake-${message.uid}@example.org>`,
    subject: `Message ${message.uid}`,
    from: { name: 'Bob', address: 'bob@example.org' },
    to: [{ name: '', address: 'alice@example.org' }],
    cc: [],
    replyTo: [],
    date: Date.UTC(2024, 0, 1) + message.uid * 60_000,
    internalDate: Date.UTC(2024, 0, 1) + message.uid * 60_000,
    size: message.source.length,
    systemFlags: message.flags,
    keywords: message.keywords,
    hasAttachments: false,
    bodyStructure: null,
  };
}
