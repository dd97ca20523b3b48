import type { DatabaseSync } from 'node:sqlite';
import type { MessagePage } from '../../shared/domain.ts';
import { unifiedFolderId, unifiedFolderName, unifiedRoles, type UnifiedFolder } from '../../shared/unified/unified-folders.ts';
import { asPromise } from '../store/as-promise.ts';
import { createLocationReader, summaryColumns, toSummary } from '../store/message-repository.ts';
import { readInteger } from '../store/row-values.ts';
import { createFolderScope } from './folder-scope.ts';

export type UnifiedRepository = {
  // All Inboxes, All Sent, All Drafts with their counts; a role no account has is left out.
  listFolders(): Promise<readonly UnifiedFolder[]>;
  // Newest first over every folder of the scope; null when the id names no folder.
  listPage(folderId: string, offset: number, limit: number): Promise<MessagePage | null>;
};

export function createUnifiedRepository(database: DatabaseSync): UnifiedRepository {
  const scopeOf = createFolderScope(database);
  const located = createLocationReader(database);
  const selectCounts = database.prepare(`
    SELECT count(*) AS folders, coalesce(sum(unread_count), 0) AS unread, coalesce(sum(total_count), 0) AS total
    FROM folders WHERE id IN (SELECT value FROM json_each(?))`);
  const countIn = database.prepare('SELECT count(*) AS total FROM messages WHERE folder_id IN (SELECT value FROM json_each(?))');
  const selectPage = database.prepare(`
    SELECT ${summaryColumns} FROM messages m JOIN folders f ON f.id = m.folder_id
    WHERE m.folder_id IN (SELECT value FROM json_each(?)) ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?`);

  return {
    listFolders: () =>
      asPromise(() =>
        unifiedRoles.flatMap((role) => {
          const scope = scopeOf(unifiedFolderId(role));
          const row = scope === null ? undefined : selectCounts.get(JSON.stringify(scope.folderIds));
          if (row === undefined || readInteger(row, 'folders') === 0) return [];
          return [
            {
              id: unifiedFolderId(role),
              role,
              name: unifiedFolderName(role),
              unreadCount: readInteger(row, 'unread'),
              totalCount: readInteger(row, 'total'),
            },
          ];
        }),
      ),
    listPage: (folderId, offset, limit) =>
      asPromise(() => {
        const scope = scopeOf(folderId);
        if (scope === null) return null;
        const ids = JSON.stringify(scope.folderIds);
        const total = countIn.get(ids);
        return { total: total ? readInteger(total, 'total') : 0, offset, items: located(selectPage.all(ids, limit, offset).map(toSummary)) };
      }),
  };
}
