// The order of a conversation view's rows, kept between page requests. Computing it means
// visiting every message of the listed folders (100,000 in a large Inbox), so doing it once
// per page made scrolling and jumping to the end cost a whole-folder pass each time. It is
// reused until anything is written to the store, by this connection (total_changes()) or by
// another one, such as the header writer's thread (PRAGMA data_version).
import type { DatabaseSync } from 'node:sqlite';

export type ConversationOrder = {
  // Message row ids in list order: each thread's head, then an expanded thread's members.
  readonly ids: readonly number[];
  // Of each entry of ids: true for a member row of an expanded thread.
  readonly member: readonly boolean[] | null;
};

export type ConversationOrderCache = {
  rowsOf(scope: readonly number[], expanded: readonly number[]): ConversationOrder;
};

type Heads = { readonly key: string; readonly ids: readonly number[]; readonly tids: readonly number[] };

// Trash and Junk hold what the user threw away: an expanded conversation shows them only
// when they are the folder being listed, as Thunderbird's and Apple Mail's views do.
export function createConversationOrderCache(database: DatabaseSync): ConversationOrderCache {
  // Newest first through messages_by_folder_date; the first message met of each thread is
  // its head, so no window function or sort over the folder is needed.
  const selectNewestFirst = database.prepare(`
    SELECT m.id, coalesce(m.thread_id, -m.id) AS tid FROM messages m
    WHERE m.folder_id IN (SELECT value FROM json_each(?)) ORDER BY m.date DESC, m.id DESC`);
  selectNewestFirst.setReturnArrays(true);
  const selectMembers = database.prepare(`
    SELECT m.id, m.thread_id FROM json_each(:expanded) e
      CROSS JOIN messages m ON m.thread_id = e.value JOIN folders f ON f.id = m.folder_id
    WHERE m.folder_id IN (SELECT value FROM json_each(:scope)) OR f.role IS NULL OR f.role NOT IN ('trash', 'junk')
    ORDER BY m.date, m.id`);
  selectMembers.setReturnArrays(true);
  const dataVersion = database.prepare('PRAGMA data_version');
  dataVersion.setReturnArrays(true);
  const ownChanges = database.prepare('SELECT total_changes()');
  ownChanges.setReturnArrays(true);

  let heads: Heads | null = null;
  let rows: { readonly key: string; readonly order: ConversationOrder } | null = null;

  function storeVersion(): string {
    const version = dataVersion.get() as unknown as readonly unknown[];
    const changes = ownChanges.get() as unknown as readonly unknown[];
    return `${String(version[0])}:${String(changes[0])}`;
  }

  function headsOf(scope: readonly number[], version: string): Heads {
    const key = `${version}|${JSON.stringify(scope)}`;
    if (heads?.key === key) return heads;
    const ids: number[] = [];
    const tids: number[] = [];
    const seen = new Set<number>();
    for (const row of selectNewestFirst.iterate(JSON.stringify(scope)) as Iterable<readonly unknown[]>) {
      const tid = Number(row[1]);
      if (seen.has(tid)) continue;
      seen.add(tid);
      ids.push(Number(row[0]));
      tids.push(tid);
    }
    heads = { key, ids, tids };
    return heads;
  }

  return {
    rowsOf(scope, expanded) {
      const found = headsOf(scope, storeVersion());
      const open = expanded.filter((tid) => tid > 0);
      if (open.length === 0) return { ids: found.ids, member: null };
      const key = `${found.key}|${JSON.stringify(open)}`;
      if (rows?.key === key) return rows.order;
      const membersOf = new Map<number, number[]>();
      for (const row of selectMembers.all({ expanded: JSON.stringify(open), scope: JSON.stringify(scope) }) as unknown as readonly (readonly unknown[])[]) {
        const tid = Number(row[1]);
        const list = membersOf.get(tid) ?? [];
        list.push(Number(row[0]));
        membersOf.set(tid, list);
      }
      const ids: number[] = [];
      const member: boolean[] = [];
      for (let at = 0; at < found.ids.length; at += 1) {
        const headId = found.ids[at] ?? 0;
        ids.push(headId);
        member.push(false);
        for (const id of membersOf.get(found.tids[at] ?? 0) ?? []) {
          if (id === headId) continue;
          ids.push(id);
          member.push(true);
        }
      }
      const order = { ids, member };
      rows = { key, order };
      return order;
    },
  };
}
