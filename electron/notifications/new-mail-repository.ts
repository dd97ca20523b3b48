import type { DatabaseSync } from 'node:sqlite';
import type { NewMail } from '../desktop/new-mail-notifications.ts';
import type { FolderRole } from '../../shared/domain.ts';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';
import { readBoolean, readInteger, readJson, readOptionalText, readText } from '../store/row-values.ts';
import type { Address } from '../../shared/domain.ts';

// What a notification needs of messages sync has just fetched: the cached rows of those
// UIDs as they are now (a message read elsewhere meanwhile is seen, one gone is left out).
export type NewMailRepository = {
  describe(folderId: string, uids: readonly number[]): Promise<readonly NewMail[]>;
};

export function createNewMailRepository(database: DatabaseSync): NewMailRepository {
  const selectOne = database.prepare(`
    SELECT m.id, m.subject, m.from_json, m.date, m.seen, f.id AS folder_id, f.account_id, f.role
    FROM messages m JOIN folders f ON f.id = m.folder_id
    WHERE m.folder_id = ? AND m.uid = ?
  `);
  return {
    describe(folderId, uids) {
      return asPromise(() => {
        const folder = toRowId(folderId);
        const found: NewMail[] = [];
        for (const uid of uids) {
          const row = selectOne.get(folder, uid);
          if (!row) continue;
          found.push({
            messageId: String(readInteger(row, 'id')),
            accountId: String(readInteger(row, 'account_id')),
            folderId: String(readInteger(row, 'folder_id')),
            folderRole: readOptionalText(row, 'role') as FolderRole | null,
            from: readJson<Address | null>(row, 'from_json', null),
            subject: readText(row, 'subject'),
            date: readInteger(row, 'date'),
            seen: readBoolean(row, 'seen'),
          });
        }
        return found;
      });
    },
  };
}
