import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from './as-promise.ts';
import { toRowId } from './row-id.ts';
import { readBlob } from './row-values.ts';
import { runInTransaction } from './transaction.ts';

export type MessageSourceRepository = {
  get(messageId: string): Promise<Buffer | null>;
  // Stores the raw source and marks the message 'full' in ONE transaction, so no
  // crash can leave a message marked full without its source (docs/decisions.md).
  storeFull(messageId: string, source: Uint8Array): Promise<boolean>;
};

export function createMessageSourceRepository(database: DatabaseSync): MessageSourceRepository {
  const selectOne = database.prepare('SELECT source FROM message_sources WHERE message_id = ?');
  const upsert = database.prepare(`
    INSERT INTO message_sources (message_id, source, stored_at) VALUES (?, ?, ?)
    ON CONFLICT (message_id) DO UPDATE SET source = excluded.source, stored_at = excluded.stored_at
  `);
  const markFull = database.prepare("UPDATE messages SET body_state = 'full' WHERE id = ?");

  return {
    get(messageId) {
      return asPromise(() => {
        const row = selectOne.get(toRowId(messageId));
        return row ? readBlob(row, 'source') : null;
      });
    },
    storeFull(messageId, source) {
      return asPromise(() =>
        runInTransaction(database, () => {
          const id = toRowId(messageId);
          if (Number(markFull.run(id).changes) === 0) return false;
          upsert.run(id, source, Date.now());
          return true;
        }),
      );
    },
  };
}
