// Search as the service offers it: the local index at once, the server on demand, and
// the two merged (by folder and UID: a server hit is stored as a message, so the same
// message is one row whichever side found it).
import type { StoredFolder } from '../store/folder-repository.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { parseQuery } from '../../shared/search/parse-query.ts';
import { highlightTerms, type SearchNode } from '../../shared/search/search-query.ts';
import type { SavedSearch, SearchPage, SearchSort, ServerSearchReport } from '../../shared/search/search-types.ts';
import type { Store } from '../store/store.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { EmitEvent } from '../service/service-types.ts';
import { isOfflineError } from '../sync/sync-status.ts';
import { indexPendingBodies } from './index-pending-bodies.ts';
import { describeNode, toImapSearch } from './to-imap-search.ts';

export type SearchServiceOptions = {
  readonly store: Store;
  readonly sessions: InteractiveSessions;
  readonly emit: EmitEvent;
  readonly logError: (error: unknown) => void;
  // The store's directory: with it, pending bodies are read from the store off the main thread.
  readonly dataDir?: string;
};

export type SearchService = {
  search(query: string, sort: SearchSort, offset: number, limit: number): Promise<SearchPage>;
  searchServer(query: string): Promise<ServerSearchReport>;
  listSaved(): Promise<readonly SavedSearch[]>;
  save(name: string, query: string, sort: SearchSort): Promise<SavedSearch>;
  removeSaved(id: string): Promise<void>;
};

// Headers fetched for one server search at most, newest UIDs first.
const maxFetchedPerSearch = 2000;
const headerBatch = 500;
// Bodies indexed before each local search when sources were stored without their text.
const pendingBodiesPerSearch = 200;

export function parseOrThrow(query: string): SearchNode | null {
  const result = parseQuery(query);
  if (!result.ok) throw new LetterboxError('invalid-argument', result.message);
  return result.query;
}

export function createSearchService(options: SearchServiceOptions): SearchService {
  const { store, sessions, emit, logError } = options;
  // Server hits per query text, for this session; they are re-checked against the store
  // on every search, so a hit deleted since simply drops out.
  const serverHits = new Map<string, ReadonlySet<string>>();

  async function folderScope(accountNames: readonly string[], folderNames: readonly string[]) {
    const accounts = (await store.accounts.list()).filter(
      (account) =>
        account.kind === 'imap' &&
        (accountNames.length === 0 ||
          accountNames.some((name) => [account.name, account.email].some((value) => value.toLowerCase() === name.toLowerCase()))),
    );
    const scope: { accountId: string; accountName: string; folders: StoredFolder[] }[] = [];
    for (const account of accounts) {
      const folders = (await store.folders.listByAccount(account.id)).filter(
        (folder) => folder.selectable && (folderNames.length === 0 || folderNames.some((name) => folderMatches(folder, name))),
      );
      if (folders.length > 0) scope.push({ accountId: account.id, accountName: account.name || account.email, folders: [...folders] });
    }
    return scope;
  }

  return {
    async search(query, sort, offset, limit) {
      const parsed = parseOrThrow(query);
      if (parsed === null) return { total: 0, offset, items: [], terms: [], serverSearched: false };
      await indexPendingBodies(store, pendingBodiesPerSearch, options.dataDir).catch(logError);
      const hits = serverHits.get(query.trim());
      const page = await store.search.search({ query: parsed, sort, offset, limit, serverHits: hits === undefined ? [] : [...hits] });
      return { total: page.total, totalAtLeast: page.totalAtLeast, offset, items: page.items, terms: highlightTerms(parsed), serverSearched: hits !== undefined };
    },

    async searchServer(query) {
      const parsed = parseOrThrow(query);
      const none = { found: 0, fetched: 0, unreachable: [], localOnly: [] };
      if (parsed === null) return { ...none, notSearched: 'Type what to search for first.' };
      const translation = toImapSearch(parsed);
      if (translation.kind === 'local-only') return { ...none, notSearched: translation.reason };
      const found = new Set<string>();
      const unreachable: string[] = [];
      const changedFolders: string[] = [];
      let fetched = 0;
      for (const { accountId, accountName, folders } of await folderScope(translation.accountNames, translation.folderNames)) {
        try {
          await sessions.use(accountId, async (session) => {
            if (session.searchMessages === undefined || session.fetchHeadersByUid === undefined) {
              throw new LetterboxError('server-error', 'This connection cannot search on the server.');
            }
            for (const folder of folders) {
              const result = await session.searchMessages(folder.path, translation.criteria);
              // RFC 3501 2.3.1.1: UIDs from another UIDVALIDITY name other messages; sync rebuilds the folder first.
              if (folder.uidValidity !== null && result.uidValidity !== folder.uidValidity) continue;
              const known = await store.search.idsByUid(folder.id, result.uids);
              const missing = result.uids.filter((uid) => !known.has(uid)).sort((a, b) => b - a);
              const wanted = missing.slice(0, Math.max(0, maxFetchedPerSearch - fetched));
              for (let start = 0; start < wanted.length; start += headerBatch) {
                const headers = await session.fetchHeadersByUid(folder.path, wanted.slice(start, start + headerBatch));
                await store.messages.upsertHeaders(folder.id, headers);
                fetched += headers.length;
              }
              if (wanted.length > 0) {
                await store.folders.refreshCounts(folder.id);
                changedFolders.push(folder.id);
              }
              const ids = wanted.length > 0 ? await store.search.idsByUid(folder.id, result.uids) : known;
              for (const id of ids.values()) found.add(id);
            }
          });
        } catch (error) {
          if (!isOfflineError(error) && !(error instanceof LetterboxError)) throw error;
          logError(error);
          unreachable.push(accountName);
        }
      }
      // Terms the server could not answer are checked here, on the headers just stored.
      const residual: SearchNode | null =
        translation.localOnly.length === 0
          ? null
          : translation.localOnly.length === 1
            ? (translation.localOnly[0] ?? null)
            : { kind: 'and', children: translation.localOnly };
      const kept = residual === null ? [...found] : await store.search.matching(residual, [...found]);
      serverHits.set(query.trim(), new Set(kept));
      if (changedFolders.length > 0) emit('messagesChanged', { folderIds: changedFolders });
      return {
        found: kept.length,
        fetched,
        unreachable,
        localOnly: translation.localOnly.map(describeNode),
        notSearched: null,
      };
    },

    listSaved() {
      return store.search.listSaved();
    },
    async save(name, query, sort) {
      if (parseOrThrow(query) === null) throw new LetterboxError('invalid-argument', 'Type a search before saving it.');
      const saved = await store.search.saveSearch(name.trim().length > 0 ? name.trim() : query.trim(), query.trim(), sort);
      emit('savedSearchesChanged', null);
      return saved;
    },
    async removeSaved(id) {
      if (!(await store.search.removeSaved(id))) throw new LetterboxError('not-found', 'That saved search no longer exists.');
      emit('savedSearchesChanged', null);
    },
  };
}

function folderMatches(folder: StoredFolder, name: string): boolean {
  const lower = name.toLowerCase();
  return folder.name.toLowerCase() === lower || folder.path.toLowerCase() === lower || folder.role === lower;
}
