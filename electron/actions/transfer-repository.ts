import type { DatabaseSync } from 'node:sqlite';
import { LetterboxError } from '../../shared/errors.ts';
import { asPromise } from '../store/as-promise.ts';
import type { ChangeSummary } from '../store/action-repository.ts';
import { toRowId } from '../store/row-id.ts';
import { readInteger, readOptionalInteger, readText } from '../store/row-values.ts';
import { runInTransaction } from '../store/transaction.ts';
import type { MovePayload } from './action-types.ts';

// Moves to a folder of ANOTHER IMAP account (docs/decisions.md, "Moving between accounts"):
// queued like a move, on the source account, one action per message so one message's
// failure (a full mailbox over there) undoes only that message. Until the server side is
// done the message waits in the target folder under a placeholder UID, as moves do.
export type TransferRepository = {
  enqueueTransfer(messageIds: readonly string[], targetFolderId: string, now: number): Promise<ChangeSummary>;
};

export function createTransferRepository(database: DatabaseSync): TransferRepository {
  const selectMessage = database.prepare(`
    SELECT m.id, m.uid, m.folder_id, f.account_id, f.path, f.uid_validity, a.kind
    FROM messages m JOIN folders f ON f.id = m.folder_id JOIN accounts a ON a.id = f.account_id WHERE m.id = ?`);
  const selectTarget = database.prepare(`
    SELECT f.id, f.account_id, f.path, f.name, f.selectable, a.kind FROM folders f JOIN accounts a ON a.id = f.account_id WHERE f.id = ?`);
  // The thread belongs to the source account; the target account threads it afresh.
  const place = database.prepare('UPDATE messages SET folder_id = ?, uid = ?, thread_id = NULL WHERE id = ?');
  const insertAction = database.prepare('INSERT INTO actions (account_id, kind, payload_json, created_at) VALUES (?, ?, ?, ?)');
  const refreshCounts = database.prepare(`
    UPDATE folders SET total_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id),
      unread_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id AND seen = 0)
    WHERE id = ?`);

  function enqueue(messageIds: readonly string[], targetFolderId: string, now: number): ChangeSummary {
    const target = selectTarget.get(toRowId(targetFolderId));
    if (!target) throw new LetterboxError('not-found', 'That folder no longer exists. Choose another.');
    const targetName = readText(target, 'name');
    if (readText(target, 'kind') !== 'imap') throw new LetterboxError('invalid-argument', `Messages can be moved to "${targetName}" only from its own account.`);
    if (readInteger(target, 'selectable') !== 1) throw new LetterboxError('invalid-argument', `"${targetName}" cannot hold messages.`);
    const targetAccountId = String(readInteger(target, 'account_id'));
    const actionIds: number[] = [];
    const accountIds = new Set<string>();
    const folderIds = new Set<string>([targetFolderId]);
    for (const messageId of new Set(messageIds)) {
      const row = selectMessage.get(toRowId(messageId));
      if (!row) throw new LetterboxError('not-found', 'A message you chose is no longer here. Choose again.');
      if (readText(row, 'kind') !== 'imap') throw new LetterboxError('invalid-argument', 'Only messages on an IMAP server can be moved to another account.');
      const accountId = String(readInteger(row, 'account_id'));
      if (accountId === targetAccountId) throw new LetterboxError('invalid-argument', 'Those messages are in the same account: move them within it.');
      const folderId = String(readInteger(row, 'folder_id'));
      const uid = readInteger(row, 'uid');
      const placeholderUid = -toRowId(messageId);
      const payload: MovePayload = {
        kind: 'move',
        reason: 'move',
        folderId,
        folderPath: readText(row, 'path'),
        uidValidity: readOptionalInteger(row, 'uid_validity'),
        targetFolderId,
        targetPath: readText(target, 'path'),
        targetName,
        targetAccountId,
        messages: [{ id: messageId, uid, placeholderUid }],
      };
      place.run(toRowId(targetFolderId), placeholderUid, toRowId(messageId));
      actionIds.push(Number(insertAction.run(toRowId(accountId), 'move', JSON.stringify(payload), now).lastInsertRowid));
      accountIds.add(accountId);
      folderIds.add(folderId);
    }
    for (const id of folderIds) refreshCounts.run(toRowId(id));
    return { actionIds, accountIds: [...accountIds], folderIds: [...folderIds] };
  }

  return {
    enqueueTransfer: (messageIds, targetFolderId, now) => asPromise(() => runInTransaction(database, () => enqueue(messageIds, targetFolderId, now))),
  };
}
