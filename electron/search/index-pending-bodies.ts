import type { Store } from '../store/store.ts';
import { sharedBodyTextPool } from './body-text-pool.ts';

// Indexes the bodies of stored sources that have no text in the index yet: sources stored
// before the index existed (migration 005) or by a writer that passed no text. Returns
// how many it indexed; bounded so a search never waits long on it. Parsed on the body-text
// threads, never here: such a source may be one whose parse already ran a thread out of
// memory (body-text-pool.ts), and on the main thread it would stop the UI instead. One that
// cannot be parsed is indexed without its body, so it is not tried again on every search.
export async function indexPendingBodies(store: Store, limit: number): Promise<number> {
  const pending = await store.search.listPendingBodies(limit);
  const pool = sharedBodyTextPool();
  for (const messageId of pending) {
    const source = await store.sources.get(messageId);
    const text = source === null ? undefined : await pool.bodyText(source).catch(() => undefined);
    await store.search.indexBody(messageId, text ?? { body: '', fileNames: [] });
  }
  return pending.length;
}
