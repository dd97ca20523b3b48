import type { Store } from '../store/store.ts';
import { sharedBodyTextPool } from './body-text-pool.ts';

const noText = { body: '', fileNames: [] };

// Indexes the bodies of stored sources that have no text in the index yet: sources stored
// before the index existed (migration 005) or by a writer that passed no text. Returns
// how many it indexed; bounded so a search never waits long on it. Parsed on the body-text
// threads, never here: such a source may be one whose parse already ran a thread out of
// memory (body-text-pool.ts), and on the main thread it would stop the UI instead. With the
// store's directory (a store on disk) the thread also reads the source and writes its text
// on its own connection (issue 9, hostile sizes: for a 137 MB message with a 50 MB HTML body
// that held this thread 0.8 s). One that cannot be parsed is indexed without its body, so it
// is not tried again on every search.
export async function indexPendingBodies(store: Store, limit: number, dataDir?: string): Promise<number> {
  const pending = await store.search.listPendingBodies(limit);
  const pool = sharedBodyTextPool();
  for (const messageId of pending) {
    if (dataDir !== undefined) {
      if (!(await pool.indexStored(dataDir, messageId).catch(() => false))) await store.search.indexBody(messageId, noText);
      continue;
    }
    const source = await store.sources.get(messageId);
    const text = source === null ? null : await pool.bodyText(source).catch(() => null);
    await store.search.indexBody(messageId, text ?? noText);
  }
  return pending.length;
}
