// All of search's SQL: the query over the FTS5 index, body text writes, saved searches.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { MessageSummary } from '../../shared/domain.ts';
import type { SavedSearch, SearchOrigin, SearchSort } from '../../shared/search/search-types.ts';
import type { SearchNode } from '../../shared/search/search-query.ts';
import { asPromise } from '../store/as-promise.ts';
import { locationColumn, toLocation } from '../store/message-repository.ts';
import { toRowId } from '../store/row-id.ts';
import { readBoolean, readInteger, readJson, readOptionalText, readText, type Row } from '../store/row-values.ts';
import { compileLocalQuery, rankingMatch, type CompileOptions } from './compile-local-query.ts';

export type SearchHit = MessageSummary & { readonly origin: SearchOrigin };

export type SearchPageQuery = {
  readonly query: SearchNode;
  readonly sort: SearchSort;
  readonly offset: number;
  readonly limit: number;
  // Messages the server found for this query (ids in the store), shown even when the
  // local index cannot match them (their bodies are not downloaded).
  readonly serverHits: readonly string[];
};

export type BodyText = {
  readonly body: string;
  readonly fileNames: readonly string[];
};

export type SearchRepository = {
  search(page: SearchPageQuery, options?: CompileOptions): Promise<{ readonly total: number; readonly items: readonly SearchHit[] }>;
  // Which of these message ids the query matches locally (used to filter server hits).
  matching(query: SearchNode, messageIds: readonly string[]): Promise<readonly string[]>;
  // Cached messages of a folder among these UIDs: uid -> message id.
  idsByUid(folderId: string, uids: readonly number[]): Promise<ReadonlyMap<number, string>>;
  // Writes a message's body text; call inside the transaction that stores its source.
  writeBodyTextNow(messageId: number, text: BodyText): void;
  // Sources stored without their text (before the index existed, or by another writer).
  listPendingBodies(limit: number): Promise<readonly string[]>;
  indexBody(messageId: string, text: BodyText): Promise<void>;
  listSaved(): Promise<readonly SavedSearch[]>;
  getSaved(id: string): Promise<SavedSearch | null>;
  saveSearch(name: string, query: string, sort: SearchSort): Promise<SavedSearch>;
  removeSaved(id: string): Promise<boolean>;
};

const summaryColumns = `m.id, m.folder_id, m.uid, m.message_id, m.subject, m.from_json, m.to_json, m.date, m.size,
  m.seen, m.flagged, m.answered, m.draft, m.deleted, m.keywords_json, m.has_attachments, m.body_state, f.account_id`;

// Weights for bm25 in column order (subject, from, to, cc, body, file names): a word in
// the subject or sender says more about a message than one deep in its body.
const bm25Weights = '10.0, 5.0, 3.0, 2.0, 1.0, 4.0';

// The FTS5 subquery of a condition that is nothing else (a word, a phrase, words joined
// by AND, OR or NOT, a spaceless term: see compileLocalQuery), or null. Such a query is
// counted in the index alone (see search()).
function soleIndexLookup(sql: string): string | null {
  const prefix = 'm.id IN (';
  if (!sql.startsWith(prefix) || !sql.endsWith(')') || sql.indexOf(prefix, 1) !== -1) return null;
  const inner = sql.slice(prefix.length, -1);
  return /^SELECT rowid FROM search_(words|trigrams) WHERE search_\1 MATCH /.test(inner) ? inner : null;
}

export function createSearchRepository(database: DatabaseSync): SearchRepository {
  let writeBody: StatementSync | null = null;
  const statements = new Map<string, StatementSync>();
  // Queries differ by shape; each shape is prepared once.
  function prepared(sql: string): StatementSync {
    let statement = statements.get(sql);
    if (statement === undefined) {
      if (statements.size > 200) statements.clear();
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }

  // Migration 17 made short spaceless terms index lookups; read once, the schema only grows.
  let vocabulary: boolean | null = null;
  function compileOptions(options: CompileOptions = {}): CompileOptions {
    vocabulary ??= Number(database.prepare('PRAGMA user_version').get()?.user_version ?? 0) >= 17;
    return { ...options, shortTermsByVocabulary: vocabulary };
  }

  function writeBodyTextNow(messageId: number, text: BodyText): void {
    writeBody ??= database.prepare('UPDATE search_text SET body = ?, filenames = ?, body_indexed = 1 WHERE message_id = ?');
    writeBody.run(text.body, text.fileNames.join(' '), messageId);
  }

  return {
    search(page, options) {
      return asPromise(() => {
        const condition = compileLocalQuery(page.query, compileOptions(options));
        const ranking = page.sort === 'relevance' ? rankingMatch(page.query) : null;
        // Folders and accounts are joined only when the query names them (in:, account:).
        const joins = /\b[fa]\./.test(condition.sql) ? 'JOIN folders f ON f.id = m.folder_id JOIN accounts a ON a.id = f.account_id' : '';
        const serverJson = JSON.stringify(page.serverHits.map(Number));
        const hasServer = page.serverHits.length > 0;
        const where = hasServer ? `(${condition.sql}) OR m.id IN (SELECT value FROM json_each(?))` : condition.sql;
        const whereParams: (string | number)[] = hasServer ? [...condition.params, serverJson] : [...condition.params];
        // The index rows are the messages' rows (triggers keep them so), so a query that is
        // one index lookup is counted in FTS5 alone, without visiting every matching message.
        const lookup = hasServer ? null : soleIndexLookup(condition.sql);
        const countSql = lookup !== null ? `SELECT COUNT(*) AS total FROM (${lookup})` : `SELECT COUNT(*) AS total FROM messages m ${joins} WHERE ${where}`;
        const totalRow = prepared(countSql).get(...whereParams);
        const total = totalRow ? readInteger(totalRow, 'total') : 0;
        // Many matches: walk messages newest first and stop at the page's end ('+' keeps the
        // planner from driving the query by the matches and sorting them all). Few: look
        // the matches up and sort those. The walk reads about (offset + limit) * messages /
        // total index entries, the look-up one table row per match, each some 16 times
        // dearer (measured at 10,000 and 50,000 messages): walk once total squared passes
        // (offset + limit) * messages / 16. max(id) stands for the number of messages.
        const messageCount = ranking === null ? readInteger(prepared('SELECT coalesce(max(id), 0) AS n FROM messages').get() ?? { n: 0 }, 'n') : 0;
        const walkByDate = ranking === null && total * total * 16 > (page.offset + page.limit) * messageCount;
        const tested = walkByDate ? where.replaceAll('m.id IN (', '+m.id IN (') : where;
        // The page's ids first (messages_by_date lets a date-sorted query stop at the page's
        // end), then the summaries of just those rows.
        // The scores are computed once, into a table (MATERIALIZED): left to itself the
        // planner ran the ranking query again for every message, seconds for a common word.
        const ranked = ranking === null ? '' : `WITH r AS MATERIALIZED (SELECT rowid AS ranked_id, bm25(search_words, ${bm25Weights}) AS score
          FROM search_words WHERE search_words MATCH ?) `;
        const rankJoin = ranking === null ? '' : 'LEFT JOIN r ON r.ranked_id = m.id';
        const order = ranking === null ? 'm.date DESC, m.id DESC' : 'r.score IS NULL, r.score, m.date DESC, m.id DESC';
        const idParams: (string | number)[] = ranking === null ? [...whereParams] : [ranking, ...whereParams];
        const idRows = prepared(`${ranked}SELECT m.id FROM messages m ${joins} ${rankJoin} WHERE ${tested} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
          ...idParams,
          page.limit,
          page.offset,
        );
        const pageIds = idRows.map((row) => readInteger(row, 'id'));
        if (pageIds.length === 0) return { total, items: [] };
        const pageJson = JSON.stringify(pageIds);
        const localColumn = hasServer ? `(${condition.sql})` : '1';
        // The page's rows only (json_each of their ids), so where each lives costs a lookup per row.
        const rows = prepared(`SELECT ${summaryColumns}, ${locationColumn}, ${localColumn} AS local_match,
            ${hasServer ? 'm.id IN (SELECT value FROM json_each(?))' : '0'} AS server_match
          FROM messages m JOIN folders f ON f.id = m.folder_id JOIN accounts a ON a.id = f.account_id
          WHERE m.id IN (SELECT value FROM json_each(?))`).all(...(hasServer ? [...condition.params, serverJson] : []), pageJson);
        const byId = new Map(rows.map((row) => [readInteger(row, 'id'), toHit(row)]));
        const items = pageIds.map((id) => byId.get(id)).filter((item): item is SearchHit => item !== undefined);
        return { total, items };
      });
    },
    matching(query, messageIds) {
      return asPromise(() => {
        if (messageIds.length === 0) return [];
        const condition = compileLocalQuery(query, compileOptions());
        const rows = prepared(`SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id JOIN accounts a ON a.id = f.account_id
          WHERE m.id IN (SELECT value FROM json_each(?)) AND ${condition.sql}`).all(JSON.stringify(messageIds.map(Number)), ...condition.params);
        return rows.map((row) => String(readInteger(row, 'id')));
      });
    },
    idsByUid(folderId, uids) {
      return asPromise(() => {
        const rows = prepared('SELECT id, uid FROM messages WHERE folder_id = ? AND uid IN (SELECT value FROM json_each(?))').all(
          toRowId(folderId),
          JSON.stringify(uids),
        );
        return new Map(rows.map((row) => [readInteger(row, 'uid'), String(readInteger(row, 'id'))]));
      });
    },
    writeBodyTextNow,
    listPendingBodies(limit) {
      return asPromise(() =>
        prepared(`SELECT s.message_id FROM search_text s JOIN message_sources ms ON ms.message_id = s.message_id
          WHERE s.body_indexed = 0 LIMIT ?`)
          .all(limit)
          .map((row) => String(readInteger(row, 'message_id'))),
      );
    },
    indexBody(messageId, text) {
      return asPromise(() => {
        writeBodyTextNow(toRowId(messageId), text);
      });
    },
    listSaved() {
      return asPromise(() => prepared('SELECT * FROM saved_searches ORDER BY name COLLATE NOCASE, id').all().map(toSaved));
    },
    getSaved(id) {
      return asPromise(() => {
        const row = prepared('SELECT * FROM saved_searches WHERE id = ?').get(toRowId(id));
        return row ? toSaved(row) : null;
      });
    },
    saveSearch(name, query, sort) {
      return asPromise(() => {
        const row = prepared('INSERT INTO saved_searches (name, query, sort, created_at) VALUES (?, ?, ?, ?) RETURNING *').get(
          name,
          query,
          sort,
          Date.now(),
        );
        if (!row) throw new Error('The saved search was not stored');
        return toSaved(row);
      });
    },
    removeSaved(id) {
      return asPromise(() => Number(prepared('DELETE FROM saved_searches WHERE id = ?').run(toRowId(id)).changes) > 0);
    },
  };
}

function toSaved(row: Row): SavedSearch {
  return {
    id: String(readInteger(row, 'id')),
    name: readText(row, 'name'),
    query: readText(row, 'query'),
    sort: readText(row, 'sort') === 'relevance' ? 'relevance' : 'date',
  };
}

function toHit(row: Row): SearchHit {
  const local = readBoolean(row, 'local_match');
  const server = readBoolean(row, 'server_match');
  return {
    id: String(readInteger(row, 'id')),
    folderId: String(readInteger(row, 'folder_id')),
    accountId: String(readInteger(row, 'account_id')),
    uid: readInteger(row, 'uid'),
    messageId: readOptionalText(row, 'message_id'),
    subject: readText(row, 'subject'),
    from: readJson(row, 'from_json', null),
    to: readJson(row, 'to_json', []),
    date: readInteger(row, 'date'),
    size: readInteger(row, 'size'),
    flags: {
      seen: readBoolean(row, 'seen'),
      flagged: readBoolean(row, 'flagged'),
      answered: readBoolean(row, 'answered'),
      draft: readBoolean(row, 'draft'),
      deleted: readBoolean(row, 'deleted'),
    },
    keywords: readJson(row, 'keywords_json', []),
    hasAttachments: readBoolean(row, 'has_attachments'),
    bodyState: readText(row, 'body_state') === 'full' ? 'full' : 'headers',
    location: toLocation(readOptionalText(row, 'location')),
    origin: local && server ? 'both' : server ? 'server' : 'local',
  };
}
