// The Local Folders messages that came from one account: its messages saved locally
// (local_saves, migration 13) and, for POP3, the mail it downloaded (pop3_ledger, migration 7).
// Both tables cascade away with the account while the local messages stay, so removing an
// account asks what to do with them first (shared/accounts/remove-account.ts).
import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';
import { readInteger } from '../store/row-values.ts';
import { runInTransaction } from '../store/transaction.ts';

export type AccountLocalMailRepository = {
  messageIdsOf(accountId: string): Promise<readonly string[]>;
  // Removes the messages' rows (their search text and threads with them by trigger) and
  // returns the folders whose lists changed. Their Maildir files are the caller's to remove.
  deleteMessages(messageIds: readonly string[]): Promise<readonly string[]>;
};

export function createAccountLocalMailRepository(database: DatabaseSync): AccountLocalMailRepository {
  const selectIds = database.prepare(`
    SELECT m.id FROM local_saves s JOIN messages m ON m.id = s.local_message_id WHERE s.account_id = :account
    UNION
    SELECT m.id FROM pop3_ledger l JOIN messages m ON m.id = l.message_ref WHERE l.account_id = :account
    ORDER BY 1`);
  const selectFolder = database.prepare('SELECT folder_id FROM messages WHERE id = ?');
  const deleteMessage = database.prepare('DELETE FROM messages WHERE id = ?');
  const refreshCounts = database.prepare(`UPDATE folders SET total_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id),
    unread_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id AND seen = 0) WHERE id = ?`);
  return {
    messageIdsOf: (accountId) =>
      asPromise(() => selectIds.all({ account: toRowId(accountId) }).map((row) => String(readInteger(row, 'id')))),
    deleteMessages: (messageIds) =>
      asPromise(() =>
        runInTransaction(database, () => {
          const folders = new Set<number>();
          for (const id of messageIds) {
            const row = selectFolder.get(toRowId(id));
            if (!row) continue;
            folders.add(readInteger(row, 'folder_id'));
            deleteMessage.run(toRowId(id));
          }
          for (const folder of folders) refreshCounts.run(folder);
          return [...folders].map(String);
        }),
      ),
  };
}
