import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from './as-promise.ts';
import { toRowId } from './row-id.ts';
import { readBlob } from './row-values.ts';
import { runInTransaction } from './transaction.ts';
import { createSearchRepository, type BodyText } from '../search/search-repository.ts';
import { createWordIndexer } from '../search/word-index.ts';

export type MessageSourceRepository = {
  get(messageId: string): Promise<Buffer | null>;
  // Stores the raw source and marks the message 'full' in ONE transaction, so no
  // crash can leave a message marked full without its source (docs/decisions.md).
  // With its text, the message's body is indexed for search in the same transaction;
  // without, the search service indexes it later (electron/search/index-pending-bodies.ts).
  storeFull(messageId: string, source: Uint8Array, text?: BodyText): Promise<boolean>;
  // storeFull for many messages in one transaction (one commit, one fsync, for the lot);
  // returns how many were stored (messages deleted meanwhile are not).
  storeFullBatch(entries: readonly FullSource[]): Promise<number>;
  // A large source that arrives in ranges (electron/sync/large-source.ts), assembled where
  // it is written: the header writer's thread for a store on disk (store.ts), so the main
  // thread never holds the whole of it.
  beginLargeSource(messageId: string): LargeSourceUpload;
};

// Chunks appended in order, each given up by the caller (a chunk with memory of its own
// may be moved to another thread rather than copied); commit stores the whole source, its text and body state 'full'
// in one transaction (false when the message was deleted meanwhile); abort stores nothing.
export type LargeSourceUpload = {
  append(chunk: Uint8Array): void;
  commit(): Promise<boolean>;
  abort(): void;
};

export type FullSource = { readonly messageId: string; readonly source: Uint8Array; readonly text?: BodyText };

export function createMessageSourceRepository(database: DatabaseSync): MessageSourceRepository {
  const selectOne = database.prepare('SELECT source FROM message_sources WHERE message_id = ?');
  const upsert = database.prepare(`
    INSERT INTO message_sources (message_id, source, stored_at) VALUES (?, ?, ?)
    ON CONFLICT (message_id) DO UPDATE SET source = excluded.source, stored_at = excluded.stored_at
  `);
  const markFull = database.prepare("UPDATE messages SET body_state = 'full' WHERE id = ?");
  const search = createSearchRepository(database);
  const words = createWordIndexer(database);

  // In the caller's transaction; returns how many were stored. The word index takes the
  // batch's rows out and back in as a set (word-index.ts) rather than by the update
  // trigger row by row; a row it left waiting for this body (a first sync's download) is
  // indexed now, once, with it.
  const storeAll = (entries: readonly FullSource[]): number => {
    const stored: { readonly id: number; readonly text: BodyText | undefined }[] = [];
    for (const entry of entries) {
      const id = toRowId(entry.messageId);
      if (Number(markFull.run(id).changes) === 0) continue;
      upsert.run(id, entry.source, Date.now());
      stored.push({ id, text: entry.text });
    }
    const ids = stored.map((entry) => entry.id);
    words.unindexMessages(stored.flatMap((entry) => (entry.text === undefined ? [] : [entry.id])));
    for (const entry of stored) if (entry.text !== undefined) search.writeBodyTextNow(entry.id, entry.text);
    words.indexMessages(ids);
    return stored.length;
  };
  const storeOne = (entry: FullSource): boolean => storeAll([entry]) > 0;

  return {
    get(messageId) {
      return asPromise(() => {
        const row = selectOne.get(toRowId(messageId));
        return row ? readBlob(row, 'source') : null;
      });
    },
    storeFull(messageId, source, text) {
      return asPromise(() => runInTransaction(database, () => storeOne(text === undefined ? { messageId, source } : { messageId, source, text })));
    },
    storeFullBatch(entries) {
      return asPromise(() => runInTransaction(database, () => storeAll(entries)));
    },
    // On this connection's thread: stored without its text, which the search service adds
    // later. Stores on disk replace this with the header writer's (store.ts).
    beginLargeSource(messageId) {
      let chunks: Uint8Array[] | null = [];
      return {
        append(chunk) {
          chunks?.push(chunk);
        },
        commit() {
          const whole = chunks;
          chunks = null;
          if (whole === null) return Promise.reject(new Error('This upload has already ended'));
          return asPromise(() => runInTransaction(database, () => storeOne({ messageId, source: Buffer.concat(whole) })));
        },
        abort() {
          chunks = null;
        },
      };
    },
  };
}
