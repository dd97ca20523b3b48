import { LetterboxError } from '../../shared/errors.ts';
import type { MessagePage } from '../../shared/domain.ts';
import { unifiedRoleOf } from '../../shared/unified/unified-folders.ts';
import type { Handlers } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';

export function createUnifiedHandlers(store: Store): Pick<Handlers, 'listUnifiedFolders'> {
  return { listUnifiedFolders: () => store.unified.listFolders() };
}

// listMessages for a unified folder id; null for a real folder, which the caller lists.
export async function listUnifiedMessages(store: Store, folderId: string, offset: number, limit: number): Promise<MessagePage | null> {
  if (unifiedRoleOf(folderId) === null) return null;
  const page = await store.unified.listPage(folderId, offset, limit);
  if (page === null) throw new LetterboxError('not-found', 'That folder no longer exists.');
  return page;
}
