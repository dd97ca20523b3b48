import { LetterboxError } from '../../shared/errors.ts';
import type { Handlers } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';

// Conversations of a folder or a unified folder, read from the store only.
export function createConversationHandlers(store: Store): Pick<Handlers, 'listConversations' | 'listConversationMessageIds'> {
  return {
    async listConversations({ folderId, offset, limit, expanded }) {
      const page = await store.conversations.listPage(folderId, offset, limit, expanded);
      if (page === null) throw new LetterboxError('not-found', 'That folder no longer exists.');
      return page;
    },
    async listConversationMessageIds({ folderId, threadIds }) {
      const ids = await store.conversations.messageIdsOf(folderId, threadIds);
      if (ids === null) throw new LetterboxError('not-found', 'That folder no longer exists.');
      return ids;
    },
  };
}
