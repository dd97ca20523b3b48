import type { DatabaseSync } from 'node:sqlite';
import type { RemoteFlagUpdate } from '../imap/imap-types.ts';
import { asPromise } from './as-promise.ts';
import { toFlags } from './message-repository.ts';
import { toRowId } from './row-id.ts';
import { readBlob, readInteger, readText } from './row-values.ts';
import { runInTransaction } from './transaction.ts';
import { flagColumnValues } from './header-column-values.ts';

// How often other folders are checked when the user has not said (the brief's 5 minutes).
export const DEFAULT_CHECK_INTERVAL_SECONDS = 300;

// What resync writes besides new headers: removed UIDs, changed flags, the sources kept
// across a UIDVALIDITY change, and the sync settings.
export type SyncRepository = {
  // The folder's cached UIDs below `below`, ascending.
  listUidsBelow(folderId: string, below: number): Promise<readonly number[]>;
  // Returns how many messages actually changed.
  applyFlagUpdates(folderId: string, updates: readonly RemoteFlagUpdate[]): Promise<number>;
  removeUids(folderId: string, uids: readonly number[]): Promise<number>;
  // RFC 3501 2.3.1.1: moves the downloaded sources of the folder aside by Message-ID and
  // deletes every cached message of it, in one transaction.
  keepSourcesAndClear(folderId: string): Promise<{ readonly kept: number; readonly removed: number }>;
  // The kept sources of the folder, without their bytes, oldest first.
  listKept(folderId: string): Promise<readonly KeptSource[]>;
  readKept(keptId: number): Promise<Buffer | null>;
  // The folder's first message with this Message-ID that has no source yet.
  findWithoutSource(folderId: string, messageId: string): Promise<string | null>;
  dropKept(folderId: string): Promise<void>;
  checkIntervalSeconds(accountId: string): Promise<number>;
  setCheckIntervalSeconds(accountId: string, seconds: number): Promise<void>;
  workOffline(): Promise<boolean>;
  setWorkOffline(offline: boolean): Promise<void>;
};

const WORK_OFFLINE_KEY = 'work-offline';

export type KeptSource = { readonly keptId: number; readonly messageId: string };

export function createSyncRepository(database: DatabaseSync): SyncRepository {
  // uid > 0: a message the action queue is moving waits here under a negative placeholder UID.
  const selectUids = database.prepare('SELECT uid FROM messages WHERE folder_id = ? AND uid > 0 AND uid < ? ORDER BY uid');
  // Only rows whose flags differ are touched, so the count says whether anything changed.
  const updateFlags = database.prepare(`
    UPDATE messages SET seen = ?, flagged = ?, answered = ?, draft = ?, deleted = ?, keywords_json = ?,
      modseq = COALESCE(?, modseq)
    WHERE folder_id = ? AND uid = ?
      AND (seen IS NOT ? OR flagged IS NOT ? OR answered IS NOT ? OR draft IS NOT ? OR deleted IS NOT ?
        OR keywords_json IS NOT ?)
  `);
  const deleteUid = database.prepare('DELETE FROM messages WHERE folder_id = ? AND uid = ?');
  const keepSources = database.prepare(`
    INSERT INTO sync_kept_sources (folder_id, message_id, source, stored_at)
    SELECT m.folder_id, m.message_id, s.source, s.stored_at
    FROM messages m JOIN message_sources s ON s.message_id = m.id
    WHERE m.folder_id = ? AND m.message_id IS NOT NULL
  `);
  const deleteInFolder = database.prepare('DELETE FROM messages WHERE folder_id = ?');
  const selectKept = database.prepare('SELECT id, message_id FROM sync_kept_sources WHERE folder_id = ? ORDER BY id');
  const selectKeptSource = database.prepare('SELECT source FROM sync_kept_sources WHERE id = ?');
  const findByMessageId = database.prepare(
    "SELECT id FROM messages WHERE folder_id = ? AND message_id = ? AND body_state = 'headers' AND uid > 0 ORDER BY uid LIMIT 1",
  );
  const deleteKept = database.prepare('DELETE FROM sync_kept_sources WHERE folder_id = ?');
  const selectInterval = database.prepare('SELECT check_interval_seconds FROM sync_account_settings WHERE account_id = ?');
  const upsertInterval = database.prepare(`
    INSERT INTO sync_account_settings (account_id, check_interval_seconds) VALUES (?, ?)
    ON CONFLICT (account_id) DO UPDATE SET check_interval_seconds = excluded.check_interval_seconds
  `);
  const selectSetting = database.prepare('SELECT value FROM sync_settings WHERE key = ?');
  const upsertSetting = database.prepare(
    'INSERT INTO sync_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  return {
    listUidsBelow(folderId, below) {
      return asPromise(() => selectUids.all(toRowId(folderId), below).map((row) => readInteger(row, 'uid')));
    },
    applyFlagUpdates(folderId, updates) {
      return asPromise(() =>
        runInTransaction(database, () => {
          const id = toRowId(folderId);
          let changed = 0;
          for (const update of updates) {
            const values = [...flagColumnValues(toFlags(update.systemFlags)), JSON.stringify(update.keywords)] as const;
            changed += Number(updateFlags.run(...values, update.modseq, id, update.uid, ...values).changes);
          }
          return changed;
        }),
      );
    },
    removeUids(folderId, uids) {
      return asPromise(() =>
        runInTransaction(database, () => {
          const id = toRowId(folderId);
          let removed = 0;
          for (const uid of uids) removed += Number(deleteUid.run(id, uid).changes);
          return removed;
        }),
      );
    },
    keepSourcesAndClear(folderId) {
      return asPromise(() =>
        runInTransaction(database, () => {
          const id = toRowId(folderId);
          const kept = Number(keepSources.run(id).changes);
          const removed = Number(deleteInFolder.run(id).changes);
          return { kept, removed };
        }),
      );
    },
    listKept(folderId) {
      return asPromise(() =>
        selectKept.all(toRowId(folderId)).map((row) => ({ keptId: readInteger(row, 'id'), messageId: readText(row, 'message_id') })),
      );
    },
    readKept(keptId) {
      return asPromise(() => {
        const row = selectKeptSource.get(keptId);
        return row ? readBlob(row, 'source') : null;
      });
    },
    findWithoutSource(folderId, messageId) {
      return asPromise(() => {
        const row = findByMessageId.get(toRowId(folderId), messageId);
        return row ? String(readInteger(row, 'id')) : null;
      });
    },
    dropKept(folderId) {
      return asPromise(() => {
        deleteKept.run(toRowId(folderId));
      });
    },
    checkIntervalSeconds(accountId) {
      return asPromise(() => {
        const row = selectInterval.get(toRowId(accountId));
        return row ? readInteger(row, 'check_interval_seconds') : DEFAULT_CHECK_INTERVAL_SECONDS;
      });
    },
    setCheckIntervalSeconds(accountId, seconds) {
      return asPromise(() => {
        upsertInterval.run(toRowId(accountId), seconds);
      });
    },
    workOffline() {
      return asPromise(() => selectSetting.get(WORK_OFFLINE_KEY)?.value === 'true');
    },
    setWorkOffline(offline) {
      return asPromise(() => {
        upsertSetting.run(WORK_OFFLINE_KEY, offline ? 'true' : 'false');
      });
    },
  };
}
