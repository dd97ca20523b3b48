import type { DatabaseSync } from 'node:sqlite';
import { unifiedRoleOf, type UnifiedRole } from '../../shared/unified/unified-folders.ts';
import { toRowId } from '../store/row-id.ts';
import { readInteger } from '../store/row-values.ts';

// The folders a list shows: one real folder, or every account's folder of a unified role
// (RFC 3501 5.1: INBOX by name too, whatever its role says). null: no such folder.
export type FolderScope = { readonly folderIds: readonly number[]; readonly unified: UnifiedRole | null };

export function createFolderScope(database: DatabaseSync): (folderId: string) => FolderScope | null {
  const selectFolder = database.prepare('SELECT id FROM folders WHERE id = ?');
  const selectRole = database.prepare(`
    SELECT id FROM folders WHERE selectable = 1 AND (role = ? OR (? = 'inbox' AND upper(path) = 'INBOX')) ORDER BY id`);
  return (folderId) => {
    const role = unifiedRoleOf(folderId);
    if (role !== null) {
      return { folderIds: selectRole.all(role, role).map((row) => readInteger(row, 'id')), unified: role };
    }
    const row = selectFolder.get(toRowId(folderId));
    return row ? { folderIds: [readInteger(row, 'id')], unified: null } : null;
  };
}
