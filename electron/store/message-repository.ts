import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Address, BodyState, MessageFlags, MessageLocation, MessagePage, MessageSummary } from '../../shared/domain.ts';
import type { RemoteHeader } from '../imap/imap-types.ts';
import { asPromise } from './as-promise.ts';
import { envelopeColumnValues, flagColumnValues } from './header-column-values.ts';
import { toRowId } from './row-id.ts';
import { readBoolean, readInteger, readJson, readOptionalText, readText, type Row } from './row-values.ts';
import { runInTransaction } from './transaction.ts';
import { createThreadIndexer } from '../threads/thread-indexer.ts';
import { createWordIndexer } from '../search/word-index.ts';
import { subjectParts } from '../../shared/threads/base-subject.ts';

export type UpsertOptions = { readonly deferSearchIndex?: boolean };

// One message's envelope as sync hands it to the store: exactly what the IMAP layer fetched.
export type HeaderInput = RemoteHeader;

export type StoredMessage = MessageSummary & {
  readonly cc: readonly Address[];
  readonly replyTo: readonly Address[];
  readonly folderPath: string;
  // The folder's UIDVALIDITY when the message was cached: its UID means nothing under another.
  readonly uidValidity: number | null;
};

export type MessageRepository = {
  // Inserts or updates a batch of headers in one transaction, threads and search index
  // included, unless deferSearchIndex: then, where the store has a header writer thread,
  // threads and the word index take the batch once the writes stop coming (sync's first pass).
  upsertHeaders(folderId: string, headers: readonly HeaderInput[], options?: UpsertOptions): Promise<void>;
  // Resolves once no message waits for its thread or the word index.
  flushSearchIndex(): Promise<void>;
  // A sync's headers are about to arrive. Where the store has a header writer thread, its
  // catch-up of threads and the word index waits until the returned release is called, and
  // for an account's first sync the thread starts now (header-writer.ts). Elsewhere a no-op.
  beginHeaderSync(firstSync: boolean): () => void;
  // Newest first; null when the folder does not exist.
  listPage(folderId: string, offset: number, limit: number): Promise<MessagePage | null>;
  get(messageId: string): Promise<StoredMessage | null>;
  // RFC 3501 2.3.1.1: when UIDVALIDITY changes, every cached UID of the folder is void.
  removeAllInFolder(folderId: string): Promise<number>;
};

// Where the message lives (issue 6.5), from the link a save to Local Folders keeps
// (local_saves, migration 13): a local copy of a server message, or the server message a
// local copy stands for, is 'both' until the move removes the server's; otherwise what kind
// of account holds it. Each lookup is by index (local_saves' UNIQUE local_message_id, or
// local_saves_by_source). Not among summaryColumns: a query that sorts would compute it for
// every row it reads (twice the time of an All Inboxes page of 100,000 messages), so pages
// that sort add it afterwards for their rows only (createLocationReader).
export const locationColumn = `CASE
    WHEN EXISTS (SELECT 1 FROM local_saves s WHERE s.local_message_id = m.id) THEN 'both'
    WHEN (SELECT a.kind FROM accounts a WHERE a.id = f.account_id) <> 'imap' THEN 'local'
    WHEN EXISTS (SELECT 1 FROM local_saves s WHERE s.account_id = f.account_id AND s.folder_path = f.path AND s.uid = m.uid
      AND s.uid_validity IS f.uid_validity) THEN 'both'
    ELSE 'server' END AS location`;

export const summaryColumns = `m.id, m.folder_id, m.uid, m.message_id, m.subject, m.from_json, m.to_json, m.date, m.size,
  m.seen, m.flagged, m.answered, m.draft, m.deleted, m.keywords_json, m.has_attachments, m.body_state, f.account_id`;

// Rows per INSERT statement in a batch of headers. Each statement opens its cursors on the
// 13 B-trees of messages and sets up the search triggers' programs once, whatever its rows:
// 50 rows in one statement cost about half the CPU per row of 50 statements (captured
// headers of the bench's corpus; docs/decisions.md, "Header sync: where the CPU ...").
const rowsPerInsert = 50;

const insertedColumns = `folder_id, uid, modseq, message_id, date, internal_date, from_json, to_json, cc_json,
      reply_to_json, subject, size, seen, flagged, answered, draft, deleted, keywords_json, has_attachments,
      body_structure, body_state, in_reply_to, references_json, thread_subject, subject_only_reply`;
const rowPlaceholders = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'headers', ?, ?, ?, ?)";

// Rows of one statement meet the conflict clause one by one, as separate statements would.
function upsertSql(rows: number): string {
  return `
    INSERT INTO messages (${insertedColumns})
    VALUES ${Array.from({ length: rows }, () => rowPlaceholders).join(', ')}
    ON CONFLICT (folder_id, uid) DO UPDATE SET
      modseq = excluded.modseq, message_id = excluded.message_id, date = excluded.date,
      internal_date = excluded.internal_date, from_json = excluded.from_json, to_json = excluded.to_json,
      cc_json = excluded.cc_json, reply_to_json = excluded.reply_to_json, subject = excluded.subject,
      size = excluded.size, seen = excluded.seen, flagged = excluded.flagged, answered = excluded.answered,
      draft = excluded.draft, deleted = excluded.deleted, keywords_json = excluded.keywords_json,
      has_attachments = excluded.has_attachments, body_structure = excluded.body_structure,
      in_reply_to = coalesce(excluded.in_reply_to, in_reply_to),
      references_json = coalesce(excluded.references_json, references_json),
      thread_subject = excluded.thread_subject, subject_only_reply = excluded.subject_only_reply
  `;
}

// One header's values, in the order of rowPlaceholders.
function rowValues(folderRowId: number, header: HeaderInput): SQLInputValue[] {
  return [
    folderRowId,
    header.uid,
    header.modseq,
    ...envelopeColumnValues(header),
    ...flagColumnValues(toFlags(header.systemFlags)),
    JSON.stringify(header.keywords),
    header.hasAttachments ? 1 : 0,
    header.bodyStructure,
    ...threadColumns(header),
  ];
}

// allowDeferredIndex: only the header writer's thread, which catches the index up itself.
export function createMessageRepository(database: DatabaseSync, allowDeferredIndex = false): MessageRepository {
  const words = createWordIndexer(database);
  const upsert = database.prepare(upsertSql(1));
  // Prepared on the first batch that fills it: most connections never write a batch.
  let upsertMany: StatementSync | null = null;
  const threads = createThreadIndexer(database);
  const selectFolder = database.prepare('SELECT account_id FROM folders WHERE id = ?');
  const countInFolder = database.prepare('SELECT COUNT(*) AS total FROM messages WHERE folder_id = ?');
  // Served by messages_by_folder_date, so even deep offsets walk the index, never sort.
  const selectPage = database.prepare(`
    SELECT ${summaryColumns}, ${locationColumn} FROM messages m JOIN folders f ON f.id = m.folder_id
    WHERE m.folder_id = ? ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?
  `);
  const selectOne = database.prepare(`
    SELECT ${summaryColumns}, ${locationColumn}, m.cc_json, m.reply_to_json, f.path AS folder_path, f.uid_validity AS folder_uid_validity
    FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id = ?
  `);
  const deleteInFolder = database.prepare('DELETE FROM messages WHERE folder_id = ?');

  return {
    upsertHeaders(folderId, headers, options) {
      return asPromise(() => {
        const folderRowId = toRowId(folderId);
        runInTransaction(database, () => {
          let next = 0;
          if (headers.length >= rowsPerInsert) {
            upsertMany ??= database.prepare(upsertSql(rowsPerInsert));
            for (; next + rowsPerInsert <= headers.length; next += rowsPerInsert) {
              upsertMany.run(...headers.slice(next, next + rowsPerInsert).flatMap((header) => rowValues(folderRowId, header)));
            }
          }
          for (const header of headers.slice(next)) upsert.run(...rowValues(folderRowId, header));
          if (!(allowDeferredIndex && options?.deferSearchIndex === true)) {
            threads.assignPending();
            words.indexPending();
          }
        });
      });
    },
    flushSearchIndex() {
      return asPromise(() => {
        runInTransaction(database, () => {
          threads.assignPending();
          words.indexPending();
        });
      });
    },
    beginHeaderSync() {
      return () => undefined;
    },
    listPage(folderId, offset, limit) {
      return asPromise(() => {
        const id = toRowId(folderId);
        if (!selectFolder.get(id)) return null;
        const totalRow = countInFolder.get(id);
        return {
          total: totalRow ? readInteger(totalRow, 'total') : 0,
          offset,
          items: selectPage.all(id, limit, offset).map(toSummary),
        };
      });
    },
    get(messageId) {
      return asPromise(() => {
        const row = selectOne.get(toRowId(messageId));
        if (!row) return null;
        const uidValidity = row.folder_uid_validity;
        return {
          ...toSummary(row),
          cc: readJson<readonly Address[]>(row, 'cc_json', []),
          replyTo: readJson<readonly Address[]>(row, 'reply_to_json', []),
          folderPath: readText(row, 'folder_path'),
          uidValidity: uidValidity === null || uidValidity === undefined ? null : readInteger(row, 'folder_uid_validity'),
        };
      });
    },
    removeAllInFolder(folderId) {
      return asPromise(() => Number(deleteInFolder.run(toRowId(folderId)).changes));
    },
  };
}

// RFC 3501 2.3.2: system flags begin with a backslash and compare case-insensitively.
export function toFlags(systemFlags: readonly string[]): MessageFlags {
  const lower = new Set(systemFlags.map((flag) => flag.toLowerCase()));
  return {
    seen: lower.has('\\seen'),
    flagged: lower.has('\\flagged'),
    answered: lower.has('\\answered'),
    draft: lower.has('\\draft'),
    deleted: lower.has('\\deleted'),
  };
}

export function toSummary(row: Row): MessageSummary {
  return {
    id: String(readInteger(row, 'id')),
    folderId: String(readInteger(row, 'folder_id')),
    accountId: String(readInteger(row, 'account_id')),
    uid: readInteger(row, 'uid'),
    messageId: readOptionalText(row, 'message_id'),
    subject: readText(row, 'subject'),
    from: readJson<Address | null>(row, 'from_json', null),
    to: readJson<readonly Address[]>(row, 'to_json', []),
    date: readInteger(row, 'date'),
    size: readInteger(row, 'size'),
    flags: {
      seen: readBoolean(row, 'seen'),
      flagged: readBoolean(row, 'flagged'),
      answered: readBoolean(row, 'answered'),
      draft: readBoolean(row, 'draft'),
      deleted: readBoolean(row, 'deleted'),
    },
    keywords: readJson<readonly string[]>(row, 'keywords_json', []),
    hasAttachments: readBoolean(row, 'has_attachments'),
    bodyState: readText(row, 'body_state') as BodyState,
    ...(row.location === undefined ? {} : { location: toLocation(readOptionalText(row, 'location')) }),
  };
}

export function toLocation(value: string | null): MessageLocation {
  return value === 'local' || value === 'both' ? value : 'server';
}

// Adds `location` to a page of summaries with one query over just those messages.
export function createLocationReader(database: DatabaseSync): <T extends MessageSummary>(items: readonly T[]) => T[] {
  let select: StatementSync | null = null;
  return (items) => {
    if (items.length === 0) return [...items];
    select ??= database.prepare(`SELECT m.id, ${locationColumn} FROM messages m JOIN folders f ON f.id = m.folder_id
      WHERE m.id IN (SELECT value FROM json_each(?))`);
    const rows = select.all(JSON.stringify(items.map((item) => toRowId(item.id))));
    const byId = new Map(rows.map((row) => [String(readInteger(row, 'id')), toLocation(readOptionalText(row, 'location'))]));
    return items.map((item) => ({ ...item, location: byId.get(item.id) ?? 'server' }));
  };
}

// in_reply_to, references_json, thread_subject, subject_only_reply (migration 15). A header
// whose writer did not read References leaves them NULL: unknown, not "none".
export function threadColumns(header: HeaderInput): readonly [string | null, string | null, string, number] {
  const parts = subjectParts(header.subject);
  const known = header.references !== undefined;
  const references = header.references ?? [];
  const inReplyTo = header.inReplyTo ?? null;
  const subjectOnly = parts.isReply && inReplyTo === null && references.length === 0;
  return [inReplyTo, known ? JSON.stringify(references) : null, parts.base, subjectOnly ? 1 : 0];
}
