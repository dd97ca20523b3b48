// The SQL of Local Folders and of the POP3 ledger rows written with them. A local message is
// an ordinary messages row (so the list, search and the action queue treat it like any other)
// plus a local_files row naming its Maildir file.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RemoteHeader } from '../imap/imap-types.ts';
import type { MessageFlags } from '../../shared/domain.ts';
import { asPromise } from '../store/as-promise.ts';
import { envelopeColumnValues } from '../store/header-column-values.ts';
import { toRowId } from '../store/row-id.ts';
import { readInteger, readOptionalInteger, readText, type Row } from '../store/row-values.ts';
import { runInTransaction } from '../store/transaction.ts';
import { createWordIndexer } from '../search/word-index.ts';
import { createSearchRepository, type BodyText } from '../search/search-repository.ts';

export type LocalAccount = {
  readonly accountId: string;
  readonly inboxId: string;
  readonly trashId: string | null;
};

export type LocalFile = {
  readonly baseName: string;
  readonly folderId: string;
  readonly folderPath: string;
  readonly uid: number;
  readonly messageRef: string | null;
  readonly fileName: string;
};

// The server message a local copy was saved from (IMAP "Save locally" / "Move to local",
// electron/local/save-locally.ts), with the SHA-256 of the bytes the server sent.
export type SavedOrigin = {
  readonly accountId: string;
  readonly folderPath: string;
  readonly uidValidity: number | null;
  readonly uid: number;
  readonly sha256: string;
  readonly mode: 'copy' | 'move';
};

// One message to index: its header, and either its Maildir file (whole message) or none
// (headers only, the rest fetched on request). `ledger` ties it to a POP3 server message,
// `origin` to an IMAP one (its local_saves row is written in the same transaction).
export type LocalMessageInput = {
  readonly header: Omit<RemoteHeader, 'uid'>;
  readonly file: { readonly baseName: string; readonly fileName: string } | null;
  readonly bodyText: BodyText | null;
  readonly ledger: { readonly accountId: string; readonly uidl: string; readonly size: number; readonly downloadedAt: number } | null;
  readonly origin?: SavedOrigin | null;
  // Maildir flags the file name carries (an import keeps what it was given).
  readonly seen?: boolean;
  readonly flags?: Pick<MessageFlags, 'seen' | 'flagged' | 'answered' | 'draft' | 'deleted'>;
};

export type LocalRepository = {
  localAccount(): Promise<LocalAccount>;
  // Indexes messages whose files are already durable in tmp/, with their ledger rows, in ONE
  // transaction: each gets the folder's next UID. Returns the new messages' ids in order.
  insertMessages(folderId: string, messages: readonly LocalMessageInput[]): Promise<readonly string[]>;
  // A headers-only message got its whole source: file, body state and ledger in one go.
  completeMessage(messageRef: string, file: { readonly baseName: string; readonly fileName: string }, bodyText: BodyText): Promise<boolean>;
  fileOfMessage(messageRef: string): Promise<LocalFile | null>;
  fileAt(folderId: string, uid: number): Promise<LocalFile | null>;
  fileByBaseName(baseName: string): Promise<LocalFile | null>;
  setFileName(baseName: string, fileName: string): Promise<void>;
  // Gives the file the target folder's next UID; returns it.
  moveFile(baseName: string, targetFolderId: string): Promise<number>;
  removeFile(baseName: string): Promise<void>;
  folderPath(folderId: string): Promise<string | null>;
  folderIdByPath(path: string): Promise<string | null>;
};

export function createLocalRepository(database: DatabaseSync): LocalRepository {
  const words = createWordIndexer(database);
  const search = createSearchRepository(database);
  const selectAccount = database.prepare("SELECT id FROM accounts WHERE kind = 'local' ORDER BY id LIMIT 1");
  const selectRole = database.prepare('SELECT id FROM folders WHERE account_id = ? AND role = ? ORDER BY id LIMIT 1');
  const selectUidNext = database.prepare('SELECT uid_next FROM folders WHERE id = ?');
  const setUidNext = database.prepare('UPDATE folders SET uid_next = ? WHERE id = ?');
  const insertMessage = database.prepare(`
    INSERT INTO messages (folder_id, uid, modseq, message_id, date, internal_date, from_json, to_json, cc_json,
      reply_to_json, subject, size, seen, flagged, answered, draft, deleted, keywords_json, has_attachments,
      body_structure, body_state)
    VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`);
  const insertFile = database.prepare(
    'INSERT INTO local_files (base_name, folder_id, uid, message_ref, file_name) VALUES (?, ?, ?, ?, ?)',
  );
  const insertLedger = database.prepare(`
    INSERT INTO pop3_ledger (account_id, uidl, downloaded_at, deleted_on_server, message_ref, body_state, size)
    VALUES (?, ?, ?, 0, ?, ?, ?)`);
  // Prepared on first use: only saves from IMAP need migration 13's table.
  let insertOriginStatement: StatementSync | null = null;
  const insertOrigin = (): StatementSync =>
    (insertOriginStatement ??= database.prepare(`
      INSERT INTO local_saves (local_message_id, account_id, folder_path, uid_validity, uid, sha256, size, mode, state, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'written', ?)`));
  const refreshCounts = database.prepare(`
    UPDATE folders SET total_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id),
      unread_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id AND seen = 0)
    WHERE id = ?`);
  const fileColumns = 'lf.base_name, lf.folder_id, lf.uid, lf.message_ref, lf.file_name, f.path';
  const selectFileByMessage = database.prepare(
    `SELECT ${fileColumns} FROM local_files lf JOIN folders f ON f.id = lf.folder_id WHERE lf.message_ref = ?`,
  );
  const selectFileAt = database.prepare(
    `SELECT ${fileColumns} FROM local_files lf JOIN folders f ON f.id = lf.folder_id WHERE lf.folder_id = ? AND lf.uid = ?`,
  );
  const selectFileByBase = database.prepare(
    `SELECT ${fileColumns} FROM local_files lf JOIN folders f ON f.id = lf.folder_id WHERE lf.base_name = ?`,
  );
  const updateFileName = database.prepare('UPDATE local_files SET file_name = ? WHERE base_name = ?');
  const updateFilePlace = database.prepare('UPDATE local_files SET folder_id = ?, uid = ? WHERE base_name = ?');
  const deleteFile = database.prepare('DELETE FROM local_files WHERE base_name = ?');
  const selectMessagePlace = database.prepare('SELECT folder_id, uid FROM messages WHERE id = ?');
  const markFull = database.prepare("UPDATE messages SET body_state = 'full' WHERE id = ?");
  const markLedgerFull = database.prepare("UPDATE pop3_ledger SET body_state = 'full' WHERE message_ref = ?");
  const selectFolderPath = database.prepare('SELECT path FROM folders WHERE id = ?');
  const selectFolderByPath = database.prepare('SELECT id FROM folders WHERE account_id = ? AND path = ?');

  function accountNow(): LocalAccount {
    const row = selectAccount.get();
    if (!row) throw new Error('The Local Folders account is missing from the store (migration 7)');
    const accountId = readInteger(row, 'id');
    const inbox = selectRole.get(accountId, 'inbox');
    if (!inbox) throw new Error('The Local Folders Inbox is missing from the store');
    const trash = selectRole.get(accountId, 'trash');
    return {
      accountId: String(accountId),
      inboxId: String(readInteger(inbox, 'id')),
      trashId: trash ? String(readInteger(trash, 'id')) : null,
    };
  }

  function nextUid(folderRowId: number): number {
    const row = selectUidNext.get(folderRowId);
    if (!row) throw new Error('That local folder no longer exists');
    const uid = readOptionalInteger(row, 'uid_next') ?? 1;
    setUidNext.run(uid + 1, folderRowId);
    return uid;
  }

  function toFile(row: Row | undefined): LocalFile | null {
    if (!row) return null;
    const ref = readOptionalInteger(row, 'message_ref');
    return {
      baseName: readText(row, 'base_name'),
      folderId: String(readInteger(row, 'folder_id')),
      folderPath: readText(row, 'path'),
      uid: readInteger(row, 'uid'),
      messageRef: ref === null ? null : String(ref),
      fileName: readText(row, 'file_name'),
    };
  }

  function insertNow(folderId: string, messages: readonly LocalMessageInput[]): readonly string[] {
    const folderRowId = toRowId(folderId);
    const ids: string[] = [];
    for (const message of messages) {
      const uid = nextUid(folderRowId);
      const header = message.header;
      const flags = new Set(header.systemFlags.map((flag) => flag.toLowerCase()));
      const id = Number(
        insertMessage.run(
          folderRowId,
          uid,
          ...envelopeColumnValues(header),
          flags.has('\\seen') || message.seen === true || message.flags?.seen === true ? 1 : 0,
          flags.has('\\flagged') || message.flags?.flagged === true ? 1 : 0,
          flags.has('\\answered') || message.flags?.answered === true ? 1 : 0,
          flags.has('\\draft') || message.flags?.draft === true ? 1 : 0,
          flags.has('\\deleted') || message.flags?.deleted === true ? 1 : 0,
          JSON.stringify(header.keywords),
          header.hasAttachments ? 1 : 0,
          message.file === null ? 'headers' : 'full',
        ).lastInsertRowid,
      );
      if (message.file !== null) insertFile.run(message.file.baseName, folderRowId, uid, id, message.file.fileName);
      if (message.bodyText !== null) search.writeBodyTextNow(id, message.bodyText);
      if (message.ledger !== null) {
        const ledger = message.ledger;
        insertLedger.run(toRowId(ledger.accountId), ledger.uidl, ledger.downloadedAt, id, message.file === null ? 'headers' : 'full', ledger.size);
      }
      const origin = message.origin ?? null;
      if (origin !== null) {
        insertOrigin().run(id, toRowId(origin.accountId), origin.folderPath, origin.uidValidity, origin.uid, origin.sha256, header.size, origin.mode, header.internalDate);
      }
      ids.push(String(id));
    }
    // In the same transaction: a message stored here is found by search once committed.
    words.indexPending();
    refreshCounts.run(folderRowId);
    return ids;
  }

  return {
    localAccount: () => asPromise(accountNow),
    insertMessages: (folderId, messages) => asPromise(() => runInTransaction(database, () => insertNow(folderId, messages))),
    completeMessage: (messageRef, file, bodyText) =>
      asPromise(() =>
        runInTransaction(database, () => {
          const id = toRowId(messageRef);
          const place = selectMessagePlace.get(id);
          if (!place) return false;
          insertFile.run(file.baseName, readInteger(place, 'folder_id'), readInteger(place, 'uid'), id, file.fileName);
          markFull.run(id);
          markLedgerFull.run(id);
          search.writeBodyTextNow(id, bodyText);
          return true;
        }),
      ),
    fileOfMessage: (messageRef) => asPromise(() => toFile(selectFileByMessage.get(toRowId(messageRef)))),
    fileAt: (folderId, uid) => asPromise(() => toFile(selectFileAt.get(toRowId(folderId), uid))),
    fileByBaseName: (baseName) => asPromise(() => toFile(selectFileByBase.get(baseName))),
    setFileName: (baseName, fileName) =>
      asPromise(() => {
        updateFileName.run(fileName, baseName);
      }),
    moveFile: (baseName, targetFolderId) =>
      asPromise(() =>
        runInTransaction(database, () => {
          const target = toRowId(targetFolderId);
          const uid = nextUid(target);
          updateFilePlace.run(target, uid, baseName);
          return uid;
        }),
      ),
    removeFile: (baseName) =>
      asPromise(() => {
        deleteFile.run(baseName);
      }),
    folderPath: (folderId) =>
      asPromise(() => {
        const row = selectFolderPath.get(toRowId(folderId));
        return row ? readText(row, 'path') : null;
      }),
    folderIdByPath: (path) =>
      asPromise(() => {
        const row = selectFolderByPath.get(toRowId(accountNow().accountId), path);
        return row ? String(readInteger(row, 'id')) : null;
      }),
  };
}
