// The SQL of POP3 accounts: their policy (pop3_settings) and what the ledger says about each
// server message. Ledger rows are inserted with their local copy (local-repository.ts).
import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';
import { readBoolean, readInteger, readOptionalInteger, readOptionalText, readText, type Row } from '../store/row-values.ts';
import { runInTransaction } from '../store/transaction.ts';
import type { LedgerEntry, Pop3Policy } from './pop3-policy.ts';

export type Pop3Settings = Pop3Policy & {
  readonly checkIntervalSeconds: number;
  // The Local Folders folder mail is delivered to; null means the Local Folders Inbox.
  readonly targetFolderId: string | null;
};

export type Pop3Repository = {
  getSettings(accountId: string): Promise<Pop3Settings | null>;
  saveSettings(accountId: string, settings: Pop3Settings): Promise<void>;
  ledger(accountId: string): Promise<ReadonlyMap<string, LedgerEntry>>;
  // After a QUIT the server confirmed: these are gone from it (deleted by us, or by others).
  markDeletedOnServer(accountId: string, uidls: readonly string[]): Promise<void>;
  // Which POP3 message a local one came from, for "download the rest".
  sourceOf(messageRef: string): Promise<{ readonly accountId: string; readonly uidl: string; readonly bodyState: 'headers' | 'full' } | null>;
};

export function createPop3Repository(database: DatabaseSync): Pop3Repository {
  const selectSettings = database.prepare('SELECT * FROM pop3_settings WHERE account_id = ?');
  const upsertSettings = database.prepare(`
    INSERT INTO pop3_settings (account_id, leave_on_server, delete_after_days, delete_when_deleted_here,
      max_message_bytes, check_interval_seconds, target_folder_id)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id) DO UPDATE SET leave_on_server = excluded.leave_on_server,
      delete_after_days = excluded.delete_after_days, delete_when_deleted_here = excluded.delete_when_deleted_here,
      max_message_bytes = excluded.max_message_bytes, check_interval_seconds = excluded.check_interval_seconds,
      target_folder_id = excluded.target_folder_id`);
  const selectLedger = database.prepare(`
    SELECT l.uidl, l.downloaded_at, l.deleted_on_server, l.message_ref, l.body_state, m.id AS present, f.role
    FROM pop3_ledger l LEFT JOIN messages m ON m.id = l.message_ref LEFT JOIN folders f ON f.id = m.folder_id
    WHERE l.account_id = ?`);
  const markDeleted = database.prepare('UPDATE pop3_ledger SET deleted_on_server = 1 WHERE account_id = ? AND uidl = ?');
  const selectSource = database.prepare('SELECT account_id, uidl, body_state FROM pop3_ledger WHERE message_ref = ? LIMIT 1');

  function toSettings(row: Row): Pop3Settings {
    const target = readOptionalInteger(row, 'target_folder_id');
    return {
      leaveOnServer: readBoolean(row, 'leave_on_server'),
      deleteAfterDays: readOptionalInteger(row, 'delete_after_days'),
      deleteWhenDeletedHere: readBoolean(row, 'delete_when_deleted_here'),
      maxMessageBytes: readOptionalInteger(row, 'max_message_bytes'),
      checkIntervalSeconds: readInteger(row, 'check_interval_seconds'),
      targetFolderId: target === null ? null : String(target),
    };
  }

  function toEntry(row: Row): LedgerEntry {
    const ref = readOptionalInteger(row, 'message_ref');
    const present = readOptionalInteger(row, 'present') !== null;
    return {
      uidl: readText(row, 'uidl'),
      downloadedAt: readInteger(row, 'downloaded_at'),
      deletedOnServer: readBoolean(row, 'deleted_on_server'),
      messageRef: ref === null ? null : String(ref),
      bodyState: readText(row, 'body_state') === 'full' ? 'full' : 'headers',
      local: !present ? 'gone' : readOptionalText(row, 'role') === 'trash' ? 'trash' : 'kept',
    };
  }

  return {
    getSettings: (accountId) =>
      asPromise(() => {
        const row = selectSettings.get(toRowId(accountId));
        return row ? toSettings(row) : null;
      }),
    saveSettings: (accountId, settings) =>
      asPromise(() => {
        upsertSettings.run(
          toRowId(accountId),
          settings.leaveOnServer ? 1 : 0,
          settings.deleteAfterDays,
          settings.deleteWhenDeletedHere ? 1 : 0,
          settings.maxMessageBytes,
          settings.checkIntervalSeconds,
          settings.targetFolderId === null ? null : toRowId(settings.targetFolderId),
        );
      }),
    ledger: (accountId) =>
      asPromise(() => new Map(selectLedger.all(toRowId(accountId)).map((row) => [readText(row, 'uidl'), toEntry(row)]))),
    markDeletedOnServer: async (accountId, uidls) => {
      await asPromise(() =>
        runInTransaction(database, () => {
          for (const uidl of uidls) markDeleted.run(toRowId(accountId), uidl);
          return uidls.length;
        }),
      );
    },
    sourceOf: (messageRef) =>
      asPromise(() => {
        const row = selectSource.get(toRowId(messageRef));
        if (!row) return null;
        return {
          accountId: String(readInteger(row, 'account_id')),
          uidl: readText(row, 'uidl'),
          bodyState: readText(row, 'body_state') === 'full' ? ('full' as const) : ('headers' as const),
        };
      }),
  };
}
