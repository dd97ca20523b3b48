import { bodyTextOf } from '../search/body-text.ts';
import type { Store } from '../store/store.ts';

// After a UIDVALIDITY change (RFC 3501 2.3.1.1) and the refetch of the folder's headers,
// gives the sources kept aside back to the messages with the same Message-ID, through the
// reader's own path (storeFull with the body text), so search finds them as before. One
// message at a time: the kept rows are dropped only once all are back, so a crash midway
// loses none (a restored message is 'full' and is not matched twice). Returns how many.
export async function restoreKeptSources(store: Store, folderId: string): Promise<number> {
  let restored = 0;
  for (const kept of await store.sync.listKept(folderId)) {
    const target = await store.sync.findWithoutSource(folderId, kept.messageId);
    if (target === null) continue;
    const source = await store.sync.readKept(kept.keptId);
    if (source === null) continue;
    if (await store.sources.storeFull(target, source, await bodyTextOf(source))) restored += 1;
  }
  await store.sync.dropKept(folderId);
  return restored;
}
