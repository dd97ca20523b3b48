import type { Store } from '../store/store.ts';
import { bodyTextOf } from './body-text.ts';

// Indexes the bodies of stored sources that have no text in the index yet: sources stored
// before the index existed (migration 005) or by a writer that passed no text. Returns
// how many it indexed; bounded so a search never waits long on it.
export async function indexPendingBodies(store: Store, limit: number): Promise<number> {
  const pending = await store.search.listPendingBodies(limit);
  for (const messageId of pending) {
    const source = await store.sources.get(messageId);
    await store.search.indexBody(messageId, source === null ? { body: '', fileNames: [] } : await bodyTextOf(source));
  }
  return pending.length;
}
