import type { DatabaseSync } from 'node:sqlite';
import type { ComposeRelation, OutboxItem, OutboxState } from '../../shared/compose/compose-types.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';
import { readBlob, readInteger, readJson, readOptionalInteger, readOptionalText, readText, type Row } from '../store/row-values.ts';
import { runInTransaction } from '../store/transaction.ts';

export type SmtpEnvelope = { readonly from: string; readonly to: readonly string[] };

export type StoredOutboxState = OutboxState | 'sent';

export type OutboxEntry = {
  readonly id: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly raw: Buffer;
  readonly envelope: SmtpEnvelope;
  readonly subject: string;
  readonly relation: ComposeRelation | null;
  readonly draftId: string | null;
  readonly state: StoredOutboxState;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: number;
  readonly createdAt: number;
};

export type NewOutboxEntry = Pick<OutboxEntry, 'accountId' | 'messageId' | 'raw' | 'envelope' | 'subject' | 'relation' | 'draftId'>;

export type OutboxRepository = {
  // Records the intent to send, before any byte goes to the server; not due before
  // notBefore (the undo delay).
  add(entry: NewOutboxEntry, now: number, notBefore?: number): Promise<string>;
  get(id: string): Promise<OutboxEntry | null>;
  // The next entry of the account that is due (queued or interrupted), oldest first.
  due(accountId: string, now: number): Promise<OutboxEntry | null>;
  // The earliest time an entry of the account waits for, or null when none waits.
  nextAttemptAt(accountId: string): Promise<number | null>;
  accountsWithPending(): Promise<readonly string[]>;
  // Moves queued -> sending -> sent. Each is durable before the next step begins.
  setState(id: string, state: StoredOutboxState): Promise<void>;
  // queued (or interrupted sending) -> sending, in one statement: false when the entry was
  // taken back or cancelled meanwhile, and then nothing may be sent.
  claimForSending(id: string): Promise<boolean>;
  // The message may have gone out: kept for the user's word, with the reason.
  hold(id: string, message: string): Promise<void>;
  // Undo, or "Move to drafts": removes and returns an entry that is not on its way.
  // Undo (onlyQueued) takes back only an entry that still waits.
  takeBack(id: string, onlyQueued: boolean): Promise<OutboxEntry>;
  recordFailure(id: string, message: string, nextAttemptAt: number | null): Promise<void>;
  remove(id: string): Promise<void>;
  // The user's cancel: refused while the message is on its way (its outcome is unknown).
  cancel(id: string): Promise<void>;
  // Retry of a failed entry, or "Send again" of a held one.
  retry(id: string): Promise<void>;
  // Every failed entry of the account queued again (after a new sign-in); held ones still
  // wait for the user's word. Answers how many.
  retryFailed(accountId: string): Promise<number>;
  list(): Promise<readonly OutboxItem[]>;
  count(): Promise<number>;
};

export function createOutboxRepository(database: DatabaseSync): OutboxRepository {
  const insert = database.prepare(`
    INSERT INTO outbox (account_id, message_id, raw, envelope_json, subject, relation_json, draft_id, state, created_at, next_attempt_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`);
  const selectOne = database.prepare('SELECT * FROM outbox WHERE id = ?');
  // 'sending' and 'sent' rows left by a crash are due at once; 'failed' and 'held' wait for the user.
  const selectDue = database.prepare(`
    SELECT * FROM outbox WHERE account_id = ? AND state NOT IN ('failed', 'held') AND (state <> 'queued' OR next_attempt_at <= ?)
    ORDER BY id LIMIT 1`);
  const selectNext = database.prepare(
    "SELECT MIN(next_attempt_at) AS at FROM outbox WHERE account_id = ? AND state NOT IN ('failed', 'held')",
  );
  const selectAccounts = database.prepare("SELECT DISTINCT account_id FROM outbox WHERE state NOT IN ('failed', 'held') ORDER BY account_id");
  const updateClaim = database.prepare("UPDATE outbox SET state = 'sending' WHERE id = ? AND state IN ('queued', 'sending')");
  const updateHeld = database.prepare("UPDATE outbox SET state = 'held', last_error = ? WHERE id = ?");
  const updateState = database.prepare('UPDATE outbox SET state = ? WHERE id = ?');
  const updateRetry = database.prepare(
    "UPDATE outbox SET state = 'queued', attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
  );
  const updateFailed = database.prepare("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?");
  const updateRequeue = database.prepare(
    "UPDATE outbox SET state = 'queued', next_attempt_at = 0, last_error = NULL WHERE id = ? AND state IN ('failed', 'held')",
  );
  const updateRequeueFailed = database.prepare(
    "UPDATE outbox SET state = 'queued', next_attempt_at = 0, last_error = NULL WHERE account_id = ? AND state = 'failed'",
  );
  const deleteOne = database.prepare('DELETE FROM outbox WHERE id = ?');
  const selectList = database.prepare(
    'SELECT id, account_id, subject, envelope_json, state, last_error, created_at FROM outbox ORDER BY id',
  );
  const countAll = database.prepare('SELECT COUNT(*) AS n FROM outbox');

  function toEntry(row: Row): OutboxEntry {
    const draftId = readOptionalInteger(row, 'draft_id');
    return {
      id: String(readInteger(row, 'id')),
      accountId: String(readInteger(row, 'account_id')),
      messageId: readText(row, 'message_id'),
      raw: readBlob(row, 'raw'),
      envelope: readJson<SmtpEnvelope>(row, 'envelope_json', { from: '', to: [] }),
      subject: readText(row, 'subject'),
      relation: readJson<ComposeRelation | null>(row, 'relation_json', null),
      draftId: draftId === null ? null : String(draftId),
      state: readText(row, 'state') as StoredOutboxState,
      attempts: readInteger(row, 'attempts'),
      lastError: readOptionalText(row, 'last_error'),
      nextAttemptAt: readInteger(row, 'next_attempt_at'),
      createdAt: readInteger(row, 'created_at'),
    };
  }

  function read(id: string): OutboxEntry | null {
    const row = selectOne.get(toRowId(id));
    return row ? toEntry(row) : null;
  }

  return {
    add: (entry, now, notBefore = 0) =>
      asPromise(() =>
        String(
          insert.run(
            toRowId(entry.accountId),
            entry.messageId,
            entry.raw,
            JSON.stringify(entry.envelope),
            entry.subject,
            entry.relation === null ? null : JSON.stringify(entry.relation),
            entry.draftId === null ? null : toRowId(entry.draftId),
            now,
            notBefore,
          ).lastInsertRowid,
        ),
      ),
    get: (id) => asPromise(() => read(id)),
    due: (accountId, now) =>
      asPromise(() => {
        const row = selectDue.get(toRowId(accountId), now);
        return row ? toEntry(row) : null;
      }),
    nextAttemptAt: (accountId) =>
      asPromise(() => {
        const row = selectNext.get(toRowId(accountId));
        return row ? readOptionalInteger(row, 'at') : null;
      }),
    accountsWithPending: () => asPromise(() => selectAccounts.all().map((row) => String(readInteger(row, 'account_id')))),
    setState: (id, state) =>
      asPromise(() => {
        updateState.run(state, toRowId(id));
      }),
    claimForSending: (id) => asPromise(() => Number(updateClaim.run(toRowId(id)).changes) === 1),
    hold: (id, message) =>
      asPromise(() => {
        updateHeld.run(message, toRowId(id));
      }),
    takeBack: (id, onlyQueued) =>
      asPromise(() =>
        runInTransaction(database, () => {
          const entry = read(id);
          if (entry === null) throw new LetterboxError('not-found', 'That message is no longer in the outbox: it was sent or cancelled.');
          const allowed = onlyQueued ? entry.state === 'queued' : entry.state === 'queued' || entry.state === 'held' || entry.state === 'failed';
          if (!allowed) {
            throw new LetterboxError('invalid-argument', 'That message is being sent right now and can no longer be taken back.');
          }
          deleteOne.run(toRowId(id));
          return entry;
        }),
      ),
    recordFailure: (id, message, nextAttemptAt) =>
      asPromise(() => {
        if (nextAttemptAt === null) updateFailed.run(message, toRowId(id));
        else updateRetry.run(message, nextAttemptAt, toRowId(id));
      }),
    remove: (id) =>
      asPromise(() => {
        deleteOne.run(toRowId(id));
      }),
    cancel: (id) =>
      asPromise(() => {
        runInTransaction(database, () => {
          const entry = read(id);
          if (entry === null) throw new LetterboxError('not-found', 'That message is no longer in the outbox.');
          if (entry.state === 'sending' || entry.state === 'sent') {
            throw new LetterboxError('invalid-argument', 'That message is being sent right now and can no longer be cancelled.');
          }
          deleteOne.run(toRowId(id));
        });
      }),
    retry: (id) =>
      asPromise(() => {
        if (Number(updateRequeue.run(toRowId(id)).changes) === 0 && read(id) === null) {
          throw new LetterboxError('not-found', 'That message is no longer in the outbox.');
        }
      }),
    retryFailed: (accountId) => asPromise(() => Number(updateRequeueFailed.run(toRowId(accountId)).changes)),
    list: () =>
      asPromise(() =>
        selectList.all().map((row) => {
          const state = readText(row, 'state');
          return {
            id: String(readInteger(row, 'id')),
            accountId: String(readInteger(row, 'account_id')),
            subject: readText(row, 'subject'),
            to: readJson<SmtpEnvelope>(row, 'envelope_json', { from: '', to: [] }).to,
            // 'sent' is the last bookkeeping of a message already accepted: shown as sending.
            state: (state === 'sent' ? 'sending' : state) as OutboxState,
            lastError: readOptionalText(row, 'last_error'),
            createdAt: readInteger(row, 'created_at'),
          };
        }),
      ),
    count: () =>
      asPromise(() => {
        const row = countAll.get();
        return row ? readInteger(row, 'n') : 0;
      }),
  };
}
