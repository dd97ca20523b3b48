// All of search's SQL: the query over the FTS5 index, body text writes, saved searches.
import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import type { MessageSummary } from '../../shared/domain.ts';
import type { SavedSearch, SearchOrigin, SearchSort } from '../../shared/search/search-types.ts';
import type { SearchNode } from '../../shared/search/search-query.ts';
import { asPromise } from '../store/as-promise.ts';
import { createJsonTextMemo } from '../store/json-text-memo.ts';
import { locationColumn } from '../store/message-repository.ts';
import { toRowId } from '../store/row-id.ts';
import { readInteger, readText, type Row } from '../store/row-values.ts';
import { compileDateWalk, compileLocalQuery, messageIdOfRowid, rankingMatch, type CompileOptions, type DateWalk } from './compile-local-query.ts';
import { summaryHitColumns, toHitFromArray } from './search-hit-row.ts';

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

// Matches are counted up to this many past the page (in steps of it), then shown as "1,000+":
// beyond that, counting is the one cost that grows with every match (docs/decisions.md,
// "Search: index rowids in date order").
export const searchCountCap = 1000;

export type SearchOptions = CompileOptions & { readonly countCap?: number };

export type SearchRepository = {
  // totalAtLeast: counting stopped at total, more messages may match.
  search(page: SearchPageQuery, options?: SearchOptions): Promise<{ readonly total: number; readonly totalAtLeast: boolean; readonly items: readonly SearchHit[] }>;
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

// Weights for bm25 in column order (subject, from, to, cc, body, file names): a word in
// the subject or sender says more about a message than one deep in its body.
const bm25Weights = '10.0, 5.0, 3.0, 2.0, 1.0, 4.0';

// The summaries of a page's rows only (json_each of their ids), so where each lives costs a
// lookup per row. With server hits, local_match tests the query (accounts joined, as it may
// name them) and server_match the server's ids; without, the text is built once.
function summarySql(serverCondition: string | null): string {
  const local = serverCondition === null ? '1' : `(${serverCondition})`;
  const server = serverCondition === null ? '0' : 'm.id IN (SELECT value FROM json_each(?))';
  return `SELECT ${summaryHitColumns(locationColumn, local, server)}
    FROM messages m JOIN folders f ON f.id = m.folder_id ${serverCondition === null ? '' : 'JOIN accounts a ON a.id = f.account_id'}
    WHERE m.id IN (SELECT value FROM json_each(?))`;
}
const localSummarySql = summarySql(null);

type PageRow = { readonly id: number; readonly date: number; readonly day: number };
// A walk's result: the page's ids in order, or (byDate) the candidates it is among, still to
// be sorted by date and id once their summaries are read (no statement just for the dates).
type Walked = { readonly ids: readonly number[]; readonly byDate: boolean; readonly counted: Counted | null };
// How many messages match; atLeast: counting stopped there.
type Counted = { readonly total: number; readonly atLeast: boolean };

export function createSearchRepository(database: DatabaseSync): SearchRepository {
  let writeBody: StatementSync | null = null;
  const decodeJson = createJsonTextMemo();
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

  // Migration 17 made short spaceless terms index lookups, 21 the rowids date-ordered keys;
  // read once, the schema only grows.
  let version: number | null = null;
  function compileOptions(options: CompileOptions = {}): CompileOptions {
    version ??= Number(database.prepare('PRAGMA user_version').get()?.user_version ?? 0);
    return { ...options, shortTermsByVocabulary: version >= 17, dateKeyedRowids: version >= 21 };
  }

  // A date-sorted page of a query that one index lookup holds, newest first by the index's
  // date-ordered rowids (migration 21): the last rowids of a word are its newest messages,
  // so the page costs about (offset + limit) index entries, not one per match. The keys
  // order by the day of the date, so the walk reads on to the end of the day that the
  // (offset + limit)th newest falls in, and those rows are sorted by date and id exactly.
  // Returns the count too when the walk read it.
  function walkPage(walk: DateWalk, joins: string, offset: number, limit: number, cap: number): Walked {
    const { table, match } = walk.lookup;
    const needed = offset + limit;
    const newest = (rows: readonly PageRow[]) => {
      const last = rows[needed - 1];
      const taken = last === undefined ? [...rows] : rows.filter((row, index) => index < needed || row.day === last.day);
      taken.sort((a, b) => b.date - a.date || b.id - a.id);
      return taken.slice(offset, needed).map((row) => row.id);
    };
    if (walk.rest === null) {
      // The lookup alone: its keys newest first, to the end of the page's last day; only
      // the page's candidates are looked up. Counted here when the read held every match;
      // otherwise by the caller, in SQLite alone (count): reading the keys up to the cap
      // into JavaScript arrays cost twice as much (migration 22 made every typed word's
      // prefix a doclist read lazily, so reading it twice is cheaper than carrying it).
      const keys = prepared(`SELECT rowid >> 32, rowid & 4294967295 FROM ${table} WHERE ${table} MATCH ${match} ORDER BY rowid DESC LIMIT ?`);
      keys.setReturnArrays(true);
      for (let read = needed + 64; ; read *= 4) {
        const rows = keys.all(...walk.lookup.params, read) as unknown as readonly (readonly [number, number])[];
        const boundary = rows[needed - 1];
        // A day of matches that runs past what was read: read further.
        if (rows.length === read && boundary !== undefined && rows.at(-1)?.[0] === boundary[0]) continue;
        const complete = rows.length < read;
        return {
          ids: boundary === undefined ? rows.map((row) => row[1]) : newestOfLastDay(rows, needed, boundary[0]),
          byDate: true,
          counted: !complete ? null : rows.length > cap ? { total: cap, atLeast: true } : { total: rows.length, atLeast: false },
        };
      }
    }
    // With other conditions: the index drives (CROSS JOIN), in its own order, each match
    // tested as it comes.
    const statement = prepared(`SELECT m.id AS id, m.date AS date, ${table}.rowid >> 32 AS day
      FROM ${table} CROSS JOIN messages m ${joins}
      WHERE ${table} MATCH ${match} AND m.id = (${table}.rowid & 4294967295) AND (${walk.rest.sql})
      ORDER BY ${table}.rowid DESC LIMIT ?`);
    const params = [...walk.lookup.params, ...walk.rest.params];
    // Rows past the page's end are read only to finish its last day; a day with more
    // matches than that is read again with room for them.
    for (let extra = 64; ; extra *= 8) {
      const rows = statement.all(...params, needed + extra).map((row) => ({ id: readInteger(row, 'id'), date: readInteger(row, 'date'), day: readInteger(row, 'day') }));
      const complete = rows.length < needed + extra;
      const last = rows[needed - 1];
      if (!complete && last !== undefined && rows.at(-1)?.day === last.day) continue;
      return { ids: newest(rows), byDate: false, counted: complete ? { total: rows.length, atLeast: false } : null };
    }
  }

  // The first `needed` of these keys (newest first, by day) once the matches of the last day
  // among them are ordered by date: every match of a later day is newer than all of that
  // day's, so only that day's dates are read, and the page's summaries are read for just
  // `needed` rows, not for the rest of the day (in a busy mailbox some hundred more).
  function newestOfLastDay(rows: readonly (readonly [number, number])[], needed: number, lastDay: number): readonly number[] {
    const firstOfDay = rows.findIndex((row) => row[0] === lastDay);
    const ofDay = rows.slice(firstOfDay).filter((row) => row[0] === lastDay);
    const taken = rows.slice(0, firstOfDay).map((row) => row[1]);
    if (firstOfDay + ofDay.length <= needed) return [...taken, ...ofDay.map((row) => row[1])];
    const dates = prepared('SELECT id, date FROM messages WHERE id IN (SELECT value FROM json_each(?))');
    dates.setReturnArrays(true);
    const dated = dates.all(JSON.stringify(ofDay.map((row) => row[1]))) as unknown as readonly (readonly [number, number])[];
    const newest = [...dated].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, needed - firstOfDay);
    return [...taken, ...newest.map((row) => row[0])];
  }

  function writeBodyTextNow(messageId: number, text: BodyText): void {
    writeBody ??= database.prepare('UPDATE search_text SET body = ?, filenames = ?, body_indexed = 1 WHERE message_id = ?');
    writeBody.run(text.body, text.fileNames.join(' '), messageId);
  }

  return {
    search(page, options) {
      return asPromise(() => {
        const compiled = compileOptions(options);
        const condition = compileLocalQuery(page.query, compiled);
        const ranking = page.sort === 'relevance' ? rankingMatch(page.query) : null;
        // Folders and accounts are joined only when the query names them (in:, account:).
        const joins = /\b[fa]\./.test(condition.sql) ? 'JOIN folders f ON f.id = m.folder_id JOIN accounts a ON a.id = f.account_id' : '';
        const serverJson = JSON.stringify(page.serverHits.map(Number));
        const hasServer = page.serverHits.length > 0;
        const where = hasServer ? `(${condition.sql}) OR m.id IN (SELECT value FROM json_each(?))` : condition.sql;
        const whereParams: (string | number)[] = hasServer ? [...condition.params, serverJson] : [...condition.params];
        const split = hasServer ? null : compileDateWalk(page.query, compiled);
        const step = options?.countCap ?? searchCountCap;
        const cap = step * Math.ceil((page.offset + page.limit + 1) / step);
        // Counted up to the cap, a row at a time: the index rows are the messages' rows
        // (triggers keep them so), so a query that is one index lookup is counted in FTS5
        // alone, and one with other conditions is read from the index, never built into a
        // set of every match first.
        const count = (): Counted => {
          const { table, match } = split?.lookup ?? { table: '', match: '' };
          const [matches, params] =
            split === null
              ? [`SELECT 1 FROM messages m ${joins} WHERE ${where}`, whereParams]
              : split.rest === null
                ? [`SELECT 1 FROM ${table} WHERE ${table} MATCH ${match}`, split.lookup.params]
                : [
                    `SELECT 1 FROM ${table} CROSS JOIN messages m ${joins} WHERE ${table} MATCH ${match}
                      AND m.id = (${table}.${messageIdOfRowid(compiled)}) AND (${split.rest.sql})`,
                    [...split.lookup.params, ...split.rest.params],
                  ];
          const row = prepared(`SELECT COUNT(*) AS total FROM (${matches} LIMIT ?)`).get(...params, cap + 1);
          const counted = row ? readInteger(row, 'total') : 0;
          return counted > cap ? { total: cap, atLeast: true } : { total: counted, atLeast: false };
        };
        let total: number;
        let totalAtLeast = false;
        let pageIds: readonly number[];
        let byDate = false;
        if (ranking === null && split !== null && compiled.dateKeyedRowids === true) {
          const walked = walkPage(split, joins, page.offset, page.limit, cap);
          pageIds = walked.ids;
          byDate = walked.byDate;
          ({ total, atLeast: totalAtLeast } = walked.counted ?? count());
        } else {
          ({ total, atLeast: totalAtLeast } = count());
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
          const ranked =
            ranking === null
              ? ''
              : `WITH r AS MATERIALIZED (SELECT ${messageIdOfRowid(compiled)} AS ranked_id, bm25(search_words, ${bm25Weights}) AS score
                FROM search_words WHERE search_words MATCH ?) `;
          const rankJoin = ranking === null ? '' : 'LEFT JOIN r ON r.ranked_id = m.id';
          const order = ranking === null ? 'm.date DESC, m.id DESC' : 'r.score IS NULL, r.score, m.date DESC, m.id DESC';
          const idParams: (string | number)[] = ranking === null ? [...whereParams] : [ranking, ...whereParams];
          pageIds = prepared(`${ranked}SELECT m.id FROM messages m ${joins} ${rankJoin} WHERE ${tested} ORDER BY ${order} LIMIT ? OFFSET ?`)
            .all(...idParams, page.limit, page.offset)
            .map((row) => readInteger(row, 'id'));
        }
        if (pageIds.length === 0) return { total, totalAtLeast, items: [] };
        const summaries = prepared(hasServer ? summarySql(condition.sql) : localSummarySql);
        summaries.setReturnArrays(true);
        const rows = summaries.all(...(hasServer ? [...condition.params, serverJson] : []), JSON.stringify(pageIds)) as unknown as readonly (readonly SQLOutputValue[])[];
        const hits = rows.map((row) => toHitFromArray(row, decodeJson));
        if (byDate) {
          // The walk's candidates: newest first by date, then id, exactly (the index orders by day).
          const keyed = hits.map((hit) => ({ hit, id: Number(hit.id) }));
          keyed.sort((a, b) => b.hit.date - a.hit.date || b.id - a.id);
          return { total, totalAtLeast, items: keyed.slice(page.offset, page.offset + page.limit).map((entry) => entry.hit) };
        }
        const byId = new Map(hits.map((hit) => [hit.id, hit]));
        const items = pageIds.map((id) => byId.get(String(id))).filter((item): item is SearchHit => item !== undefined);
        return { total, totalAtLeast, items };
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
