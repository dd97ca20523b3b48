import { LetterboxError } from '../../shared/errors.ts';
import type { ImapChangeCommands, ImapKeywordCommands, ImapSession, MoveOptions } from '../imap/imap-types.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { EmitEvent } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';
import type { ActionOutcome, QueuedAction } from './action-types.ts';
import { describeAction, goneMessage, markedDeletedMessage } from './describe-action.ts';
import { failureKind, retryDelayMs } from './failure-kind.ts';
import { flagChangeFor } from './flag-state.ts';
import { transferMessages } from './transfer-messages.ts';

export type ActionReplayerOptions = {
  readonly store: Store;
  // The account's interactive connection: a change is sent between, never inside, the
  // commands of a message being opened, and never on the sync's connection mid-fetch.
  readonly sessions: Pick<InteractiveSessions, 'use'>;
  readonly emit: EmitEvent;
  readonly logError: (error: unknown) => void;
  readonly now?: () => number;
  readonly moveOptions?: MoveOptions;
};

export type ActionReplayer = {
  // Sends the account's queued changes now (all accounts' when none is named).
  kick(accountId?: string): void;
  // Resolves once no replay is running or due at once (tests, shutdown).
  settled(): Promise<void>;
  stop(): Promise<void>;
};

// One loop per account sends its queue oldest first, removing each action once the
// server confirmed it. A failed send is retried with backoff, or undone and reported.
export function createActionReplayer(options: ActionReplayerOptions): ActionReplayer {
  const { store, sessions, emit, logError } = options;
  const now = options.now ?? Date.now;
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  async function announceCount(): Promise<void> {
    emit('pendingActionsChanged', { count: await store.actions.count() });
  }

  function schedule(accountId: string, at: number): void {
    clearTimeout(timers.get(accountId));
    const timer = setTimeout(() => {
      timers.delete(accountId);
      kickAccount(accountId, false);
    }, Math.max(0, at - now()));
    timer.unref();
    timers.set(accountId, timer);
  }

  async function send(action: QueuedAction): Promise<ActionOutcome> {
    const payload = action.payload;
    // A UID still a placeholder belongs to a move the server never confirmed a UID for.
    const uids = payload.messages.map((entry) => entry.uid).filter((uid) => uid > 0);
    if (uids.length === 0) return { missingUids: [], uidMap: [] };
    if (payload.kind === 'move' && payload.targetAccountId !== undefined && payload.targetAccountId !== action.accountId) {
      return transferMessages(sessions, store, action.accountId, { ...payload, targetAccountId: payload.targetAccountId });
    }
    return sessions.use(action.accountId, async (session) => {
      const commands = changeCommands(session);
      switch (payload.kind) {
        case 'flags': {
          const result = await commands.storeFlags(payload.folderPath, payload.uidValidity, uids, flagChangeFor(payload.set));
          return { missingUids: result.missing, uidMap: [] };
        }
        case 'move': {
          const result = await commands.moveMessages(
            payload.folderPath,
            payload.uidValidity,
            uids,
            payload.targetPath,
            options.moveOptions ?? {},
          );
          return { missingUids: result.missing, uidMap: result.uidMap };
        }
        case 'expunge': {
          const result = await commands.expungeMessages(payload.folderPath, payload.uidValidity, uids);
          return { missingUids: result.missing, uidMap: [], ...(result.markedOnly === true ? { markedOnly: true } : {}) };
        }
        case 'keywords': {
          const change = { add: payload.add, remove: payload.remove };
          const result = await keywordCommands(session).storeKeywords(payload.folderPath, payload.uidValidity, uids, change);
          return { missingUids: result.missing, uidMap: [], keptLocal: result.keptLocal };
        }
        case 'copy': {
          const result = await keywordCommands(session).copyMessages(payload.folderPath, payload.uidValidity, uids, payload.targetPath);
          return { missingUids: result.missing, uidMap: result.uidMap };
        }
      }
    });
  }

  async function finish(action: QueuedAction, outcome: ActionOutcome): Promise<void> {
    const folderIds = await store.actions.complete(action.id, outcome);
    emit('messagesChanged', { folderIds });
    if (outcome.missingUids.length > 0) {
      emit('actionFailed', { accountId: action.accountId, message: goneMessage(action.payload, outcome.missingUids.length) });
    }
    if (outcome.markedOnly === true) {
      emit('actionNotice', { accountId: action.accountId, message: markedDeletedMessage(action.payload) });
    }
  }

  async function fail(action: QueuedAction, error: unknown): Promise<boolean> {
    const kind = failureKind(error);
    const reason = error instanceof LetterboxError ? error.message : 'Letterbox hit an error inside itself; the details are in the log.';
    if (!(error instanceof LetterboxError)) logError(error);
    if (kind === 'retry') {
      await store.actions.recordFailure(action.id, reason, now() + retryDelayMs(action.attempts));
      return false;
    }
    if (kind === 'messages-gone') {
      await finish(action, { missingUids: action.payload.messages.map((entry) => entry.uid), uidMap: [] });
      return true;
    }
    const folderIds = await store.actions.revert(action.id);
    emit('messagesChanged', { folderIds });
    emit('actionFailed', {
      accountId: action.accountId,
      message: `${describeAction(action.payload)} failed and was undone. ${reason}`,
    });
    return true;
  }

  async function drain(accountId: string, force: boolean): Promise<void> {
    let ignoreSchedule = force;
    for (;;) {
      if (stopped) return;
      const action = await store.actions.head(accountId);
      if (action === null) return;
      if (!ignoreSchedule && action.nextAttemptAt > now()) {
        schedule(accountId, action.nextAttemptAt);
        return;
      }
      ignoreSchedule = false;
      let outcome: ActionOutcome;
      try {
        outcome = await send(action);
      } catch (error) {
        const goOn = await fail(action, error);
        await announceCount();
        if (goOn) continue;
        const next = await store.actions.head(accountId);
        if (next !== null) schedule(accountId, next.nextAttemptAt);
        return;
      }
      await finish(action, outcome);
      await announceCount();
    }
  }

  function kickAccount(accountId: string, force: boolean): void {
    if (stopped) return;
    if (running.has(accountId)) {
      again.add(accountId);
      return;
    }
    const run = (async () => {
      try {
        do {
          again.delete(accountId);
          await drain(accountId, force);
        } while (again.has(accountId));
      } catch (error) {
        logError(error);
      } finally {
        running.delete(accountId);
      }
    })();
    running.set(accountId, run);
  }

  return {
    kick(accountId) {
      if (accountId !== undefined) {
        kickAccount(accountId, true);
        return;
      }
      store.actions.accountsWithPending().then((ids) => {
        for (const id of ids) kickAccount(id, true);
      }, logError);
    },
    async settled() {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running.values()]);
    },
  };
}

function changeCommands(session: ImapSession): ImapChangeCommands {
  const { storeFlags, moveMessages, expungeMessages } = session;
  if (storeFlags === undefined || moveMessages === undefined || expungeMessages === undefined) {
    throw new LetterboxError('server-error', 'This connection cannot change messages on the server.');
  }
  return { storeFlags, moveMessages, expungeMessages };
}

function keywordCommands(session: ImapSession): ImapKeywordCommands {
  const { storeKeywords, copyMessages } = session;
  if (storeKeywords === undefined || copyMessages === undefined) {
    throw new LetterboxError('server-error', 'This connection cannot change keywords or copy messages on the server.');
  }
  return { storeKeywords, copyMessages };
}
