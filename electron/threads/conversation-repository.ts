import type { DatabaseSync } from 'node:sqlite';
import type { Address } from '../../shared/domain.ts';
import { maxParticipants, type ConversationMessages, type ConversationPage, type ConversationRow } from '../../shared/threads/thread-types.ts';
import { asPromise } from '../store/as-promise.ts';
import { createLocationReader, summaryColumns, toSummary } from '../store/message-repository.ts';
import { readInteger, readOptionalInteger, readText, type Row } from '../store/row-values.ts';
import { runInTransaction } from '../store/transaction.ts';
import { createFolderScope } from '../unified/folder-scope.ts';
import { createConversationOrderCache } from './conversation-order.ts';
import { createThreadIndexer } from './thread-indexer.ts';

export type ConversationRepository = {
  // One row per thread of the scope (its newest message there), newest first; each thread
  // named in `expanded` is followed by its other messages, oldest first. null: no such folder.
  listPage(folderId: string, offset: number, limit: number, expanded: readonly string[]): Promise<ConversationPage | null>;
  // The ids of every message of these threads in the scope, oldest first, by thread (the
  // thread id of a message with no thread is minus its id, as listPage names it); a thread
  // with none there is left out. null: no such folder.
  messageIdsOf(folderId: string, threadIds: readonly string[]): Promise<readonly ConversationMessages[] | null>;
};

export function createConversationRepository(database: DatabaseSync): ConversationRepository {
  const scopeOf = createFolderScope(database);
  const threads = createThreadIndexer(database);
  const located = createLocationReader(database);
  const order = createConversationOrderCache(database);
  const selectRows = database.prepare(`
    SELECT ${summaryColumns}, m.thread_id, f.name AS folder_name
    FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id IN (SELECT value FROM json_each(?))`);
  // Every thread of a page at once: one statement per page rather than one per row.
  const threadStats = database.prepare(`
    SELECT m.thread_id, count(*) AS size, coalesce(sum(m.seen = 0), 0) AS unread
    FROM json_each(:threads) t CROSS JOIN messages m ON m.thread_id = t.value JOIN folders f ON f.id = m.folder_id
    WHERE m.folder_id IN (SELECT value FROM json_each(:scope)) OR f.role IS NULL OR f.role NOT IN ('trash', 'junk')
    GROUP BY m.thread_id`);
  // The senders of the same messages threadStats counts, first message first.
  const threadSenders = database.prepare(`
    SELECT m.from_json, min(m.date) AS first FROM messages m JOIN folders f ON f.id = m.folder_id
    WHERE m.thread_id = ? AND m.from_json IS NOT NULL
      AND (m.folder_id IN (SELECT value FROM json_each(?)) OR f.role IS NULL OR f.role NOT IN ('trash', 'junk'))
    GROUP BY m.from_json ORDER BY first, m.from_json LIMIT ${maxParticipants * 2}`);

  // Only the listed folders: archiving a conversation from the Inbox leaves its reply in Sent.
  const selectThreadMessages = database.prepare(`
    SELECT m.id, coalesce(m.thread_id, -m.id) AS tid FROM messages m
    WHERE m.folder_id IN (SELECT value FROM json_each(:scope))
      AND (m.thread_id IN (SELECT value FROM json_each(:threads)) OR (m.thread_id IS NULL AND -m.id IN (SELECT value FROM json_each(:threads))))
    ORDER BY m.date, m.id`);

  function sendersOf(threadRowId: number, scope: readonly number[]): readonly Address[] {
    const seen = new Set<string>();
    const senders: Address[] = [];
    for (const row of threadSenders.all(threadRowId, JSON.stringify(scope))) {
      const address = parseAddress(row.from_json);
      // The same person with differently spelled names is one participant.
      const key = address?.address.toLowerCase() ?? '';
      if (address === null || seen.has(key)) continue;
      seen.add(key);
      senders.push(address);
    }
    return senders.slice(0, maxParticipants);
  }

  type Stats = { size: number; unread: number; participants: readonly Address[] };

  type ThreadCounts = { readonly size: number; readonly unread: number };

  // Size and unread count of each thread of these rows, by thread row id.
  function statsOf(rows: Iterable<Row>, scope: readonly number[]): Map<number, ThreadCounts> {
    const threadIds = new Set<number>();
    for (const row of rows) {
      const threadRowId = readOptionalInteger(row, 'thread_id');
      if (threadRowId !== null) threadIds.add(threadRowId);
    }
    const found = new Map<number, ThreadCounts>();
    if (threadIds.size === 0) return found;
    for (const row of threadStats.all({ threads: JSON.stringify([...threadIds]), scope: JSON.stringify(scope) })) {
      found.set(readInteger(row, 'thread_id'), { size: readInteger(row, 'size'), unread: readInteger(row, 'unread') });
    }
    return found;
  }

  function toRow(row: Row, member: boolean, scope: readonly number[], expanded: ReadonlySet<string>, counted: ReadonlyMap<number, ThreadCounts>, stats: Map<number, Stats>): ConversationRow {
    const summary = toSummary(row);
    const threadRowId = readOptionalInteger(row, 'thread_id');
    const threadId = threadRowId === null ? String(-Number(summary.id)) : String(threadRowId);
    const alone = { size: 1, unread: summary.flags.seen ? 0 : 1, participants: summary.from === null ? [] : [summary.from] };
    let counts = threadRowId === null ? alone : stats.get(threadRowId);
    if (counts === undefined && threadRowId !== null) {
      const found = counted.get(threadRowId);
      const size = found?.size ?? 1;
      counts = { size, unread: found?.unread ?? 0, participants: size > 1 ? sendersOf(threadRowId, scope) : alone.participants };
      stats.set(threadRowId, counts);
    }
    const inScope = scope.includes(Number(summary.folderId));
    return {
      ...summary,
      thread: {
        id: threadId,
        size: counts?.size ?? 1,
        unreadCount: counts?.unread ?? 0,
        expanded: expanded.has(threadId),
        member,
        folderName: inScope ? null : readText(row, 'folder_name'),
        participants: counts?.participants ?? alone.participants,
      },
    };
  }

  return {
    messageIdsOf: (folderId, threadIds) =>
      asPromise(() => {
        const scope = scopeOf(folderId);
        if (scope === null) return null;
        const threads = threadIds.map(Number).filter(Number.isSafeInteger);
        const byThread = new Map<string, string[]>();
        for (const row of selectThreadMessages.all({ scope: JSON.stringify(scope.folderIds), threads: JSON.stringify(threads) })) {
          const threadId = String(readInteger(row, 'tid'));
          const ids = byThread.get(threadId) ?? [];
          ids.push(String(readInteger(row, 'id')));
          byThread.set(threadId, ids);
        }
        return [...byThread].map(([threadId, messageIds]) => ({ threadId, messageIds }));
      }),
    listPage: (folderId, offset, limit, expanded) =>
      asPromise(() => {
        const scope = scopeOf(folderId);
        if (scope === null) return null;
        // Messages stored by a writer that does not thread (Local Folders, POP3) get theirs now.
        runInTransaction(database, () => threads.assignPending());
        const rows = order.rowsOf(scope.folderIds, expanded.map(Number).filter(Number.isSafeInteger));
        const pageIds = rows.ids.slice(offset, offset + limit);
        const byId = new Map(selectRows.all(JSON.stringify(pageIds)).map((row) => [readInteger(row, 'id'), row]));
        const counted = statsOf(byId.values(), scope.folderIds);
        const stats = new Map<number, Stats>();
        const open = new Set(expanded);
        const items: ConversationRow[] = [];
        pageIds.forEach((id, at) => {
          const row = byId.get(id);
          if (row !== undefined) items.push(toRow(row, rows.member?.[offset + at] === true, scope.folderIds, open, counted, stats));
        });
        return { total: rows.ids.length, offset, items: located(items) };
      }),
  };
}

function parseAddress(value: unknown): Address | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { name, address } = parsed as { name?: unknown; address?: unknown };
    return typeof address === 'string' ? { name: typeof name === 'string' ? name : '', address } : null;
  } catch {
    return null;
  }
}
