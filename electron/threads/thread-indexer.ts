import type { DatabaseSync } from 'node:sqlite';
import { readInteger, readJson, readOptionalText, readText, type Row } from '../store/row-values.ts';
import { messageIdKey } from './message-id-list.ts';

// Puts every message without a thread into one (docs/decisions.md, "Threads"). Runs inside
// the caller's transaction, so a header batch and its threads commit together.
//
// Threads are the connected groups of the classic algorithm (JWZ, RFC 5256 REFERENCES),
// kept incrementally: a message joins every thread that already knows its Message-ID or an
// id it references, and those threads become one. Subjects are a fallback only, as
// Thunderbird does by default: a reply known only by "Re:" (no References, no In-Reply-To)
// joins the latest thread with its base subject; and a message arriving after such replies
// gathers them. Two unrelated messages that merely share a subject stay apart.
export type ThreadIndexer = {
  // Threads at most `limit` waiting messages, oldest first (all by default); returns how
  // many were given a thread.
  assignPending(limit?: number): number;
};

// Run for each message stored, so each must be an index search, never a scan of the table
// (thread-indexer.test.ts checks their plans). `thread_subject <> ''` lets SQLite use the
// partial index messages_by_thread_subject; subject-only replies are rare and have their own.
export const subjectLookups = {
  latestBySubject: `
    SELECT m.thread_id FROM messages m JOIN threads t ON t.id = m.thread_id
    WHERE m.thread_subject = ? AND m.thread_subject <> '' AND t.account_id = ? ORDER BY m.date DESC, m.id DESC LIMIT 1`,
  subjectOnlyReplies: `
    SELECT DISTINCT m.thread_id FROM messages m JOIN threads t ON t.id = m.thread_id
    WHERE m.thread_subject = ? AND m.subject_only_reply = 1 AND t.account_id = ?`,
} as const;

export function createThreadIndexer(database: DatabaseSync): ThreadIndexer {
  const selectPending = database.prepare(`
    SELECT m.id, m.message_id, m.in_reply_to, m.references_json, m.thread_subject, m.subject_only_reply, f.account_id
    FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.thread_id IS NULL ORDER BY m.id LIMIT 500`);
  const selectKey = database.prepare('SELECT thread_id FROM thread_keys WHERE account_id = ? AND message_key = ?');
  const selectLatestBySubject = database.prepare(subjectLookups.latestBySubject);
  const selectSubjectOnlyReplies = database.prepare(subjectLookups.subjectOnlyReplies);
  const insertThread = database.prepare('INSERT INTO threads (account_id) VALUES (?)');
  const moveMessages = database.prepare('UPDATE messages SET thread_id = ? WHERE thread_id = ?');
  const moveKeys = database.prepare('UPDATE thread_keys SET thread_id = ? WHERE thread_id = ?');
  const deleteThread = database.prepare('DELETE FROM threads WHERE id = ?');
  const upsertKey = database.prepare(`
    INSERT INTO thread_keys (account_id, message_key, thread_id) VALUES (?, ?, ?)
    ON CONFLICT (account_id, message_key) DO UPDATE SET thread_id = excluded.thread_id`);
  const setThread = database.prepare('UPDATE messages SET thread_id = ? WHERE id = ?');

  function assignOne(row: Row): void {
    const accountId = readInteger(row, 'account_id');
    const keys = new Set<string>();
    const own = messageIdKey(readOptionalText(row, 'message_id'));
    if (own !== null) keys.add(own);
    const inReplyTo = readOptionalText(row, 'in_reply_to');
    if (inReplyTo !== null) keys.add(inReplyTo);
    for (const key of readJson<readonly string[]>(row, 'references_json', [])) keys.add(key);

    const found = new Set<number>();
    for (const key of keys) {
      const hit = selectKey.get(accountId, key);
      if (hit) found.add(readInteger(hit, 'thread_id'));
    }
    const subject = readText(row, 'thread_subject');
    if (subject !== '') {
      if (readInteger(row, 'subject_only_reply') === 1) {
        if (found.size === 0) {
          const latest = selectLatestBySubject.get(subject, accountId);
          if (latest) found.add(readInteger(latest, 'thread_id'));
        }
      } else {
        for (const hit of selectSubjectOnlyReplies.all(subject, accountId)) found.add(readInteger(hit, 'thread_id'));
      }
    }

    const [target, ...others] = [...found].sort((a, b) => a - b);
    const threadId = target ?? Number(insertThread.run(accountId).lastInsertRowid);
    for (const other of others) {
      moveMessages.run(threadId, other);
      moveKeys.run(threadId, other);
      deleteThread.run(other);
    }
    for (const key of keys) upsertKey.run(accountId, key, threadId);
    setThread.run(threadId, readInteger(row, 'id'));
  }

  return {
    assignPending(limit = Number.POSITIVE_INFINITY) {
      let assigned = 0;
      while (assigned < limit) {
        const rows = selectPending.all().slice(0, limit - assigned);
        if (rows.length === 0) return assigned;
        for (const row of rows) assignOne(row);
        assigned += rows.length;
      }
      return assigned;
    },
  };
}
