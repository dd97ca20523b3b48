// The SQL of whole-folder saves and moves to Local Folders and of the account option that
// moves old mail there (migration 19; electron/local/folder-save-jobs.ts).
import type { DatabaseSync } from 'node:sqlite';
import type { SaveLocallyMode } from '../../shared/local/local-types.ts';
import { asPromise } from '../store/as-promise.ts';
import { createStatementCache } from '../store/statement-cache.ts';
import { toRowId } from '../store/row-id.ts';
import { readInteger, readOptionalInteger, readText, type Row } from '../store/row-values.ts';

export type FolderSaveJob = {
  readonly id: number;
  readonly sourceFolderId: string;
  readonly targetFolderId: string;
  readonly mode: SaveLocallyMode;
  // Only messages whose internal date is before this (epoch ms); null: all of them.
  readonly olderThan: number | null;
  readonly uidValidity: number | null;
  readonly lastUid: number;
  readonly saved: number;
  readonly failed: number;
};

export type LocalArchivePolicyRow = {
  readonly accountId: string;
  readonly enabled: boolean;
  readonly olderThanDays: number;
  readonly sourceFolderPath: string;
  readonly targetFolderId: string | null;
};

export type FolderSaveJobRepository = {
  create(job: Omit<FolderSaveJob, 'id' | 'lastUid' | 'saved' | 'failed'>, now: number): Promise<FolderSaveJob>;
  get(id: number): Promise<FolderSaveJob | null>;
  list(): Promise<readonly FolderSaveJob[]>;
  // The next messages of the job's folder after lastUid, by ascending UID.
  nextBatch(job: FolderSaveJob, limit: number): Promise<readonly { readonly id: string; readonly uid: number }[]>;
  // How many of the folder's messages the job has left (for the status).
  remaining(job: FolderSaveJob): Promise<number>;
  advance(id: number, lastUid: number, saved: number, failed: number): Promise<void>;
  // A changed UIDVALIDITY: UIDs mean other messages now, so the job starts over.
  restart(id: number, uidValidity: number | null): Promise<void>;
  finish(id: number): Promise<void>;
  getPolicy(accountId: string): Promise<LocalArchivePolicyRow | null>;
  savePolicy(policy: LocalArchivePolicyRow): Promise<void>;
};

export function createFolderSaveJobRepository(database: DatabaseSync): FolderSaveJobRepository {
  // Prepared on first use: the store opens before migrations on older stores reach 19.
  const statement = createStatementCache(database);

  function toJob(row: Row | undefined): FolderSaveJob | null {
    if (!row) return null;
    return {
      id: readInteger(row, 'id'),
      sourceFolderId: String(readInteger(row, 'source_folder_id')),
      targetFolderId: String(readInteger(row, 'target_folder_id')),
      mode: readText(row, 'mode') === 'move' ? 'move' : 'copy',
      olderThan: readOptionalInteger(row, 'older_than'),
      uidValidity: readOptionalInteger(row, 'uid_validity'),
      lastUid: readInteger(row, 'last_uid'),
      saved: readInteger(row, 'saved'),
      failed: readInteger(row, 'failed'),
    };
  }

  const selected = `FROM messages WHERE folder_id = ? AND uid > ? AND (? IS NULL OR internal_date < ?)`;

  return {
    create: (job, now) =>
      asPromise(() => {
        const row =
          statement(`INSERT INTO folder_save_jobs (source_folder_id, target_folder_id, mode, older_than, uid_validity, created_at)
          VALUES (?, ?, ?, ?, ?, ?) RETURNING *`).get(
            toRowId(job.sourceFolderId),
            toRowId(job.targetFolderId),
            job.mode,
            job.olderThan,
            job.uidValidity,
            now,
          );
        const created = toJob(row);
        if (created === null) throw new Error('The folder job was not stored');
        return created;
      }),
    get: (id) => asPromise(() => toJob(statement('SELECT * FROM folder_save_jobs WHERE id = ?').get(id))),
    list: () =>
      asPromise(() =>
        statement('SELECT * FROM folder_save_jobs ORDER BY id')
          .all()
          .map((row) => toJob(row))
          .filter((job): job is FolderSaveJob => job !== null),
      ),
    nextBatch: (job, limit) =>
      asPromise(() =>
        statement(`SELECT id, uid ${selected} ORDER BY uid LIMIT ?`)
          .all(toRowId(job.sourceFolderId), job.lastUid, job.olderThan, job.olderThan, limit)
          .map((row) => ({ id: String(readInteger(row, 'id')), uid: readInteger(row, 'uid') })),
      ),
    remaining: (job) =>
      asPromise(() => {
        const row = statement(`SELECT COUNT(*) AS n ${selected}`).get(
          toRowId(job.sourceFolderId),
          job.lastUid,
          job.olderThan,
          job.olderThan,
        );
        return row ? readInteger(row, 'n') : 0;
      }),
    advance: async (id, lastUid, saved, failed) => {
      await asPromise(() =>
        statement('UPDATE folder_save_jobs SET last_uid = ?, saved = saved + ?, failed = failed + ? WHERE id = ?').run(
          lastUid,
          saved,
          failed,
          id,
        ),
      );
    },
    restart: async (id, uidValidity) => {
      await asPromise(() =>
        statement('UPDATE folder_save_jobs SET last_uid = 0, uid_validity = ? WHERE id = ?').run(uidValidity, id),
      );
    },
    finish: async (id) => {
      await asPromise(() => statement('DELETE FROM folder_save_jobs WHERE id = ?').run(id));
    },
    getPolicy: (accountId) =>
      asPromise(() => {
        const row = statement('SELECT * FROM local_archive_policies WHERE account_id = ?').get(toRowId(accountId));
        if (!row) return null;
        const target = readOptionalInteger(row, 'target_folder_id');
        return {
          accountId,
          enabled: readInteger(row, 'enabled') === 1,
          olderThanDays: readInteger(row, 'older_than_days'),
          sourceFolderPath: readText(row, 'source_folder_path'),
          targetFolderId: target === null ? null : String(target),
        };
      }),
    savePolicy: async (policy) => {
      await asPromise(() =>
        statement(`INSERT INTO local_archive_policies (account_id, enabled, older_than_days, source_folder_path, target_folder_id)
          VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET enabled = excluded.enabled,
          older_than_days = excluded.older_than_days, source_folder_path = excluded.source_folder_path, target_folder_id = excluded.target_folder_id`).run(
          toRowId(policy.accountId),
          policy.enabled ? 1 : 0,
          policy.olderThanDays,
          policy.sourceFolderPath,
          policy.targetFolderId === null ? null : toRowId(policy.targetFolderId),
        ),
      );
    },
  };
}
