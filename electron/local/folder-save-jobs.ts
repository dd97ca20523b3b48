// Whole-folder "Save folder locally…" / "Move folder's mail to local…", and the account
// option that moves mail older than N days from a server folder into a local one (issue
// 6.5). A job takes the folder's messages 100 at a time by ascending UID, each through the
// per-message protocol of save-locally.ts (local copy written, fsynced, committed, read back
// and matched by size and SHA-256 before the server copy is removed), and records after each
// batch how far it got (folder_save_jobs, migration 19). A crash or quit leaves the job's
// row: the next start first finishes the interrupted messages (LocalSaves.recover) and then
// resumes the job where it stopped; a message saved twice reuses its first copy.
import type { SyncStatus } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { LocalArchivePolicy, SaveLocallyMode, SaveLocallyReport } from '../../shared/local/local-types.ts';
import type { EmitEvent } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';
import { isOfflineError } from '../sync/sync-status.ts';
import type { FolderSaveJob, FolderSaveJobRepository } from './folder-save-job-repository.ts';
import type { LocalFolders } from './local-folders.ts';
import type { LocalSaves } from './save-locally.ts';

const BATCH = 100;
const DAY_MS = 86_400_000;
// The report names the first few failures; the count says how many there were.
const REPORTED_FAILURES = 20;

export type FolderSaveJobsOptions = {
  readonly store: Store;
  readonly jobs: FolderSaveJobRepository;
  readonly saves: LocalSaves;
  readonly local: LocalFolders;
  // Brings the folder's list of messages up to date, so the job sees every UID.
  readonly syncFolder: (folderId: string) => Promise<void>;
  readonly isOffline: () => Promise<boolean>;
  readonly reportStatus: (status: SyncStatus) => void;
  readonly emit: EmitEvent;
  readonly logError: (error: unknown) => void;
  readonly now?: () => number;
};

export type FolderSaveJobs = {
  saveFolder(sourceFolderId: string, targetFolderId: string, mode: SaveLocallyMode): Promise<SaveLocallyReport>;
  // At start, after LocalSaves.recover(): every job a crash or quit left.
  resume(): Promise<void>;
  // After a sync of the account reached the server: its unfinished jobs, then its option.
  afterSync(accountId: string): Promise<void>;
  // Whether this status is one the jobs reported (so a job's own "done" starts no new run).
  isOwnStatus(status: SyncStatus): boolean;
  getPolicy(accountId: string): Promise<LocalArchivePolicy>;
  setPolicy(policy: LocalArchivePolicy): Promise<void>;
};

type Totals = { saved: number; removedFromServer: number; waitingForServer: number; failed: number; failures: string[] };

export function createFolderSaveJobs(options: FolderSaveJobsOptions): FolderSaveJobs {
  const { store, jobs, saves } = options;
  const now = options.now ?? Date.now;
  // One job at a time per server folder: two would fetch and expunge the same UIDs.
  const queues = new Map<string, Promise<unknown>>();
  // Jobs queued or running: a sync's resume must not queue one a second time.
  const scheduled = new Set<number>();
  const ownStatuses = new WeakSet<SyncStatus>();

  function report(status: SyncStatus): void {
    ownStatuses.add(status);
    options.reportStatus(status);
  }

  async function requireTarget(folderId: string): Promise<void> {
    const folder = await store.folders.get(folderId);
    if (folder === null || folder.accountId !== (await options.local.account()).accountId || !folder.selectable) {
      throw new LetterboxError('invalid-argument', 'Choose a folder under Local Folders to save messages in.');
    }
  }

  async function requireServerFolder(folderId: string): Promise<void> {
    const folder = await store.folders.get(folderId);
    if (folder === null) throw new LetterboxError('not-found', 'That folder no longer exists.');
    if ((await store.accounts.get(folder.accountId))?.kind !== 'imap' || !folder.selectable) {
      throw new LetterboxError(
        'invalid-argument',
        'Only a folder on an IMAP server can be saved locally; this one is already on this computer.',
      );
    }
  }

  function queued<T>(folderId: string, jobId: number, work: () => Promise<T>): Promise<T> {
    scheduled.add(jobId);
    const previous = queues.get(folderId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(work)
      .finally(() => scheduled.delete(jobId));
    const settled = next.catch(() => undefined);
    queues.set(folderId, settled);
    void settled.then(() => {
      if (queues.get(folderId) === settled) queues.delete(folderId);
    });
    return next;
  }

  async function run(start: FolderSaveJob): Promise<SaveLocallyReport> {
    const totals: Totals = { saved: 0, removedFromServer: 0, waitingForServer: 0, failed: 0, failures: [] };
    const source = await store.folders.get(start.sourceFolderId);
    if (source === null) {
      await jobs.finish(start.id);
      throw new LetterboxError('not-found', 'That folder no longer exists.');
    }
    const verb = start.mode === 'move' ? 'Moving' : 'Saving';
    try {
      // Interrupted messages first (the same work the start's recovery does, shared with it),
      // so no batch races a recovery that removes their cached rows.
      await saves.finishPending(source.accountId);
      if (!(await options.isOffline())) await options.syncFolder(source.id);
      const synced = await store.folders.get(source.id);
      const current = await jobs.get(start.id);
      // Finished meanwhile (a resume queued before it ended): nothing is left to do.
      if (current === null) return { saved: 0, removedFromServer: 0, waitingForServer: 0, failures: [] };
      let job = current;
      if (synced !== null && synced.uidValidity !== job.uidValidity) {
        await jobs.restart(job.id, synced.uidValidity);
        job = { ...job, uidValidity: synced.uidValidity, lastUid: 0 };
      }
      const total = job.saved + job.failed + (await jobs.remaining(job));
      let done = job.saved + job.failed;
      for (;;) {
        const batch = await jobs.nextBatch(job, BATCH);
        const last = batch[batch.length - 1];
        if (last === undefined) break;
        report({
          state: 'syncing',
          text: `${verb} ${source.name} to Local Folders: ${done} of ${total}`,
          accountId: source.accountId,
        });
        const result = await saves.save(
          batch.map((message) => message.id),
          job.targetFolderId,
          job.mode,
          { skipMissing: true },
        );
        const failed = batch.length - result.saved;
        await jobs.advance(job.id, last.uid, result.saved, failed);
        job = { ...job, lastUid: last.uid };
        done += batch.length;
        totals.saved += result.saved;
        totals.removedFromServer += result.removedFromServer;
        totals.waitingForServer += result.waitingForServer;
        totals.failed += failed;
        totals.failures.push(...result.failures.slice(0, REPORTED_FAILURES - totals.failures.length));
      }
      await jobs.finish(job.id);
      const what = start.mode === 'move' ? 'Moved' : 'Saved';
      const failedText = totals.failed > 0 ? `; ${totals.failed} could not be saved` : '';
      report({
        state: 'idle',
        text: `${what} ${totals.saved} messages from ${source.name} to Local Folders${failedText}`,
        accountId: source.accountId,
      });
      return {
        saved: totals.saved,
        removedFromServer: totals.removedFromServer,
        waitingForServer: totals.waitingForServer,
        failures: totals.failures,
      };
    } catch (error) {
      // The job stays: it resumes at the next start or the next sync of this account.
      const offline = isOfflineError(error);
      const message = error instanceof LetterboxError ? error.message : 'Something went wrong.';
      report({
        state: offline ? 'offline' : 'error',
        text: `${verb} ${source.name} to Local Folders stopped: ${message} It goes on when the server can be reached.`,
        accountId: source.accountId,
      });
      throw error;
    }
  }

  function runInBackground(job: FolderSaveJob): void {
    if (scheduled.has(job.id)) return;
    queued(job.sourceFolderId, job.id, () => run(job)).catch((error: unknown) => {
      if (!(error instanceof LetterboxError)) options.logError(error);
    });
  }

  async function jobsOf(accountId: string | null): Promise<readonly FolderSaveJob[]> {
    const all = await jobs.list();
    if (accountId === null) return all;
    const mine: FolderSaveJob[] = [];
    for (const job of all) if ((await store.folders.get(job.sourceFolderId))?.accountId === accountId) mine.push(job);
    return mine;
  }

  async function runPolicy(accountId: string): Promise<void> {
    const policy = await jobs.getPolicy(accountId);
    if (policy === null || !policy.enabled || policy.targetFolderId === null) return;
    const source = (await store.folders.listByAccount(accountId)).find((folder) => folder.path === policy.sourceFolderPath);
    if (source === undefined || !source.selectable) return;
    const pending = await jobs.list();
    if (pending.some((job) => job.sourceFolderId === source.id && job.mode === 'move' && job.olderThan !== null)) return;
    const job = await jobs.create(
      {
        sourceFolderId: source.id,
        targetFolderId: policy.targetFolderId,
        mode: 'move',
        olderThan: now() - policy.olderThanDays * DAY_MS,
        uidValidity: source.uidValidity,
      },
      now(),
    );
    runInBackground(job);
  }

  return {
    async saveFolder(sourceFolderId, targetFolderId, mode) {
      await requireServerFolder(sourceFolderId);
      await requireTarget(targetFolderId);
      const source = await store.folders.get(sourceFolderId);
      const job = await jobs.create(
        { sourceFolderId, targetFolderId, mode, olderThan: null, uidValidity: source?.uidValidity ?? null },
        now(),
      );
      return queued(sourceFolderId, job.id, () => run(job));
    },
    async resume() {
      for (const job of await jobsOf(null)) runInBackground(job);
    },
    async afterSync(accountId) {
      for (const job of await jobsOf(accountId)) runInBackground(job);
      await runPolicy(accountId);
    },
    isOwnStatus: (status) => ownStatuses.has(status),
    async getPolicy(accountId) {
      if ((await store.accounts.get(accountId))?.kind !== 'imap')
        throw new LetterboxError('not-found', 'That IMAP account no longer exists.');
      const policy = await jobs.getPolicy(accountId);
      return {
        accountId,
        enabled: policy?.enabled ?? false,
        olderThanDays: policy?.olderThanDays ?? 365,
        sourceFolderPath: policy?.sourceFolderPath ?? 'INBOX',
        targetFolderId: policy?.targetFolderId ?? null,
      };
    },
    async setPolicy(policy) {
      if ((await store.accounts.get(policy.accountId))?.kind !== 'imap')
        throw new LetterboxError('not-found', 'That IMAP account no longer exists.');
      if (policy.targetFolderId !== null) await requireTarget(policy.targetFolderId);
      if (policy.enabled && policy.targetFolderId === null) {
        throw new LetterboxError('invalid-argument', 'Choose the local folder that old mail moves into.');
      }
      await jobs.savePolicy(policy);
    },
  };
}
