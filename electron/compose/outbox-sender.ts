import type { SendOutcome } from '../../shared/compose/compose-types.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { crashPoint } from '../crash/crash-point.ts';
import { retryDelayMs } from '../actions/failure-kind.ts';
import type { ImapComposeCommands, ImapSession } from '../imap/imap-types.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { EmitEvent, SecretStore } from '../service/service-types.ts';
import { classifySmtpError, SmtpError } from '../smtp/classify-smtp-error.ts';
import type { SendRaw, SmtpDelivery } from '../smtp/smtp-types.ts';
import type { Store } from '../store/store.ts';
import { isOfflineError } from '../sync/sync-status.ts';
import type { AccountRunner } from './account-runner.ts';
import type { OutboxEntry } from './outbox-repository.ts';
import { smtpSettingsFor } from './smtp-settings-for.ts';

// Said when a message may already have reached the server but its answer was never read.
export const HELD_REASON = 'This message may already have been sent. Send again, or move it to drafts.';

// Timers the sender uses, replaceable by tests (a fake clock for the undo delay).
export type SenderTimers = {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
};

const realTimers: SenderTimers = {
  set(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clear(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export type OutboxSenderOptions = {
  readonly store: Store;
  readonly secretStore: SecretStore;
  readonly sessions: Pick<InteractiveSessions, 'use'>;
  readonly runner: AccountRunner;
  readonly sendRaw: SendRaw;
  readonly emit: EmitEvent;
  readonly logError: (error: unknown) => void;
  readonly trustedCertificates?: readonly string[];
  // Where a send refused for the server's certificate is told, for the outbox to show it.
  readonly onCertificateRefused?: (error: LetterboxError, outboxId: string) => void;
  readonly isWorkingOffline: () => Promise<boolean>;
  // A sent reply queued \Answered on its original: the action queue sends it.
  readonly onActionsQueued: () => void;
  // A sent message's draft was discarded: its server copy is to be removed.
  readonly onDraftDiscarded: (accountId: string) => void;
  readonly now?: () => number;
  readonly timers?: SenderTimers;
};

export type OutboxSender = {
  // Tries an entry just added, for the composer's answer; a transient failure leaves it queued.
  sendNow(entryId: string, accountId: string): Promise<SendOutcome>;
  kick(accountId?: string): void;
  // Tries the account's outbox at `at` (epoch ms): the end of an undo delay.
  sendAt(accountId: string, at: number): void;
  stop(): Promise<void>;
};

type Attempt =
  | { readonly kind: 'sent'; readonly delivery: SmtpDelivery | null }
  | { readonly kind: 'waiting'; readonly reason: string }
  | { readonly kind: 'held' }
  // Taken back (Undo, Cancel) before it went: nothing was sent.
  | { readonly kind: 'gone' }
  | { readonly kind: 'failed'; readonly error: LetterboxError };

function composeCommands(session: ImapSession): ImapComposeCommands {
  const { appendMessage, findByMessageId } = session;
  if (appendMessage === undefined || findByMessageId === undefined) {
    throw new LetterboxError('server-error', 'This connection cannot store messages on the server.');
  }
  return { appendMessage, findByMessageId };
}

// The outbox (docs/decisions.md, "Sending"): every message is recorded before it is sent,
// marked 'sending' (durably) just before SMTP DATA and 'sent' just after the server took
// it; the Sent copy, the original's flag and the draft's removal follow. An entry found
// 'sending' at start was interrupted: when its Message-ID is in the Sent folder (a server
// that files sent mail itself) it was sent; otherwise it is held for the user, never sent
// again on its own. So is a message whose connection broke after its DATA went out.
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { store, emit, logError, runner } = options;
  const outbox = store.compose.outbox;
  const now = options.now ?? Date.now;
  const clock = options.timers ?? realTimers;
  const timers = new Map<string, unknown>();
  let stopped = false;

  async function announce(): Promise<void> {
    emit('outboxChanged', { count: await outbox.count() });
  }

  async function sentFolderPath(accountId: string): Promise<string | null> {
    const folders = await store.folders.listByAccount(accountId);
    return folders.find((folder) => folder.role === 'sent' && folder.selectable)?.path ?? null;
  }

  async function alreadyInSent(entry: OutboxEntry): Promise<boolean> {
    const path = await sentFolderPath(entry.accountId);
    if (path === null) return false;
    return options.sessions.use(entry.accountId, async (session) => (await composeCommands(session).findByMessageId(path, entry.messageId)).length > 0);
  }

  // After the server took the message: Sent copy, original's flag, draft, row.
  async function finish(entry: OutboxEntry, checkSent: boolean): Promise<void> {
    const path = await sentFolderPath(entry.accountId);
    if (path !== null) {
      await options.sessions.use(entry.accountId, async (session) => {
        const commands = composeCommands(session);
        // Dovecot, like most servers, does not keep a copy of submitted mail itself (some,
        // like Gmail, do: then the check finds it and nothing is appended twice).
        if (checkSent && (await commands.findByMessageId(path, entry.messageId)).length > 0) return;
        await commands.appendMessage(path, entry.raw, ['\\Seen']);
        crashPoint('sent-copy-appended');
      });
    }
    if (entry.relation !== null) {
      const flagged = await store.compose.originals.markRelation(entry.relation, now());
      if (flagged !== null) {
        emit('messagesChanged', { folderIds: [flagged.folderId] });
        emit('pendingActionsChanged', { count: await store.actions.count() });
        options.onActionsQueued();
      }
    }
    if (entry.draftId !== null) {
      await store.compose.drafts.discard(entry.draftId);
      options.onDraftDiscarded(entry.accountId);
      emit('draftsChanged', null);
    }
    await outbox.remove(entry.id);
  }

  async function deliver(entry: OutboxEntry): Promise<Attempt> {
    if (entry.state === 'sending') {
      // Interrupted between handing the message over and recording the answer.
      if (await alreadyInSent(entry)) {
        await outbox.setState(entry.id, 'sent');
        return { kind: 'sent', delivery: null };
      }
      await outbox.hold(entry.id, HELD_REASON);
      return { kind: 'held' };
    }
    const settings = await smtpSettingsFor(store, options.secretStore, entry.accountId, options.trustedCertificates);
    // Durable before the first byte; refused when Undo or Cancel took the entry meanwhile.
    if (!(await outbox.claimForSending(entry.id))) return { kind: 'gone' };
    let delivery: SmtpDelivery;
    // Set from the SMTP layer's callback once the DATA is on the wire.
    const progress = { dataWritten: false };
    try {
      delivery = await options.sendRaw(settings, entry.envelope, entry.raw, {
        onDataWritten: () => {
          progress.dataWritten = true;
          crashPoint('smtp-data-sent');
        },
      });
    } catch (error) {
      const failure = classifySmtpError(error, settings);
      if (failure.certificate !== undefined) options.onCertificateRefused?.(failure, entry.id);
      if (progress.dataWritten && failure.transient) {
        // The message went out and the answer was lost: the server may have taken it.
        await outbox.hold(entry.id, HELD_REASON);
        return { kind: 'held' };
      }
      if (failure.transient) {
        await outbox.recordFailure(entry.id, failure.message, now() + retryDelayMs(entry.attempts));
        return { kind: 'waiting', reason: failure.message };
      }
      await outbox.recordFailure(entry.id, failure.message, null);
      return { kind: 'failed', error: failure };
    }
    crashPoint('smtp-accepted');
    await outbox.setState(entry.id, 'sent');
    return { kind: 'sent', delivery };
  }

  // One entry, start to end. Bookkeeping after a successful send that cannot reach IMAP
  // now stays 'sent' and is finished later; the message is never sent again.
  async function process(entry: OutboxEntry): Promise<Attempt> {
    let attempt: Attempt;
    if (entry.state === 'sent') {
      attempt = { kind: 'sent', delivery: null };
    } else {
      try {
        attempt = await deliver(entry);
      } catch (error) {
        // Before any byte went out (settings, the Sent check while unreachable): wait.
        const failure = error instanceof SmtpError ? error : error instanceof LetterboxError ? error : null;
        if (failure === null) throw error;
        const transient = failure instanceof SmtpError ? failure.transient : isOfflineError(failure);
        if (entry.state === 'sending' || transient) {
          await outbox.recordFailure(entry.id, failure.message, now() + retryDelayMs(entry.attempts));
          if (entry.state === 'sending') await outbox.setState(entry.id, 'sending');
          return { kind: 'waiting', reason: failure.message };
        }
        await outbox.recordFailure(entry.id, failure.message, null);
        return { kind: 'failed', error: failure };
      }
    }
    if (attempt.kind === 'sent') {
      try {
        await finish(entry, attempt.delivery === null);
      } catch (error) {
        if (!(error instanceof LetterboxError)) logError(error);
        await outbox.recordFailure(entry.id, error instanceof LetterboxError ? error.message : 'Storing the Sent copy failed.', now() + retryDelayMs(entry.attempts));
        await outbox.setState(entry.id, 'sent');
      }
    }
    return attempt;
  }

  function schedule(accountId: string, at: number): void {
    const previous = timers.get(accountId);
    if (previous !== undefined) clock.clear(previous);
    const timer = clock.set(() => {
      timers.delete(accountId);
      kickAccount(accountId);
    }, Math.max(0, at - now()));
    timers.set(accountId, timer);
  }

  async function drain(accountId: string): Promise<void> {
    if (await options.isWorkingOffline()) return;
    for (;;) {
      if (stopped) return;
      const entry = await outbox.due(accountId, now());
      if (entry === null) break;
      const attempt = await process(entry);
      await announce();
      if (attempt.kind === 'failed') {
        emit('actionFailed', { accountId, message: `"${entry.subject || '(no subject)'}" was not sent. ${attempt.error.message}` });
      }
      if (attempt.kind === 'held') {
        emit('actionFailed', { accountId, message: `"${entry.subject || '(no subject)'}" may already have been sent. The outbox asks whether to send it again or move it to drafts.` });
      }
      if (attempt.kind === 'waiting') break;
      const after = await outbox.get(entry.id);
      if (after !== null && after.state === 'sent') break;
    }
    const next = await outbox.nextAttemptAt(accountId);
    if (next !== null) schedule(accountId, Math.max(next, now() + 1000));
  }

  function kickAccount(accountId: string): void {
    if (stopped) return;
    runner.run(accountId, () => drain(accountId)).catch(logError);
  }

  return {
    async sendNow(entryId, accountId) {
      if (await options.isWorkingOffline()) {
        return { status: 'queued', rejected: [], message: 'You are working offline: the message waits in the outbox and is sent when you go online.' };
      }
      const attempt = await runner.run(accountId, async () => {
        const entry = await outbox.get(entryId);
        if (entry === null) throw new LetterboxError('not-found', 'That message is no longer in the outbox.');
        return process(entry);
      });
      await announce();
      if (attempt.kind === 'waiting') {
        kickAccount(accountId);
        return { status: 'queued', rejected: [], message: `Not sent yet: ${attempt.reason}` };
      }
      if (attempt.kind === 'held') return { status: 'held', outboxId: entryId, rejected: [], message: HELD_REASON };
      if (attempt.kind === 'gone') return { status: 'queued', rejected: [], message: 'The message was taken back before it was sent.' };
      if (attempt.kind === 'failed') {
        // Refused for good while the user watches: the composer still holds the message,
        // so it leaves the outbox rather than waiting there twice.
        await outbox.remove(entryId);
        await announce();
        throw attempt.error;
      }
      const rejected = attempt.delivery?.rejected ?? [];
      const message =
        rejected.length === 0
          ? 'Sent.'
          : `Sent, but the server refused ${rejected.map((entry) => `${entry.address} (${entry.reason})`).join(', ')}.`;
      return { status: 'sent', rejected, message };
    },
    kick(accountId) {
      if (accountId !== undefined) {
        kickAccount(accountId);
        return;
      }
      outbox.accountsWithPending().then((ids) => {
        for (const id of ids) kickAccount(id);
      }, logError);
    },
    sendAt(accountId, at) {
      if (!stopped) schedule(accountId, at);
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clock.clear(timer);
      timers.clear();
      await runner.idle();
    },
  };
}
