import type { ArgsOf } from '../../shared/contract.ts';
import type { EventMap, EventName } from '../../shared/events.ts';
import type { MoveOptions } from '../imap/imap-types.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { EmitEvent, Handlers } from '../service/service-types.ts';
import type { ChangeSummary } from '../store/action-repository.ts';
import type { Store } from '../store/store.ts';
import { createActionReplayer } from './replay-actions.ts';

export type MessageActionOptions = {
  readonly store: Store;
  readonly sessions: Pick<InteractiveSessions, 'use'>;
  readonly emit: EmitEvent;
  readonly logError: (error: unknown) => void;
  readonly moveOptions?: MoveOptions;
};

type ActionChannel = 'setFlags' | 'deleteMessages' | 'moveMessages' | 'archiveMessages' | 'getPendingActions';

export type MessageActions = {
  readonly handlers: Pick<Handlers, ActionChannel>;
  // Feed every service event through here: sync's writes are checked against the queue,
  // and a finished sync is the moment to send what waited.
  onEvent<E extends EventName>(event: E, payload: EventMap[E]): void;
  // Announces a change already applied and queued by the store, and sends it (keywords,
  // copies and the other queued changes made outside these channels).
  applied(change: Promise<ChangeSummary>): Promise<null>;
  start(): void;
  settled(): Promise<void>;
  stop(): Promise<void>;
};

// The action channels of the contract: each change is applied to the store and queued in
// one transaction (architecture.md), announced, and handed to the replayer.
export function createMessageActions(options: MessageActionOptions): MessageActions {
  const { store, emit, logError } = options;
  const replayer = createActionReplayer(options);

  async function applied(change: Promise<ChangeSummary>): Promise<null> {
    const summary = await change;
    if (summary.folderIds.length > 0) emit('messagesChanged', { folderIds: summary.folderIds });
    for (const accountId of new Set(summary.accountIds)) emit('foldersChanged', { accountId });
    emit('pendingActionsChanged', { count: await store.actions.count() });
    for (const accountId of summary.accountIds) replayer.kick(accountId);
    return null;
  }

  function flagTarget(args: ArgsOf<'setFlags'>) {
    return {
      ...(args.seen === undefined ? {} : { seen: args.seen }),
      ...(args.flagged === undefined ? {} : { flagged: args.flagged }),
      ...(args.junk === undefined ? {} : { junk: args.junk }),
    };
  }

  function reconcile(folderIds: readonly string[]): void {
    store.actions.reapply(folderIds).then((changed) => {
      if (changed.length > 0) emit('messagesChanged', { folderIds: changed });
    }, logError);
  }

  return {
    handlers: {
      setFlags: (args) => applied(store.actions.enqueueFlags(args.messageIds, flagTarget(args), Date.now())),
      deleteMessages: ({ messageIds }) => applied(store.actions.enqueueRemoval(messageIds, { kind: 'trash' }, Date.now())),
      moveMessages: async ({ messageIds, targetFolderId }) =>
        applied(
          (await isTransfer(store, messageIds, targetFolderId))
            ? store.transfers.enqueueTransfer(messageIds, targetFolderId, Date.now())
            : store.actions.enqueueRemoval(messageIds, { kind: 'folder', folderId: targetFolderId, reason: 'move' }, Date.now()),
        ),
      archiveMessages: ({ messageIds }) => applied(store.actions.enqueueRemoval(messageIds, { kind: 'archive' }, Date.now())),
      getPendingActions: async () => ({ count: await store.actions.count() }),
    },
    onEvent(event, payload) {
      if (event === 'messagesChanged') {
        reconcile((payload as EventMap['messagesChanged']).folderIds);
      } else if (event === 'status') {
        const status = payload as EventMap['status'];
        if (status.state === 'idle' && status.accountId !== null) replayer.kick(status.accountId);
      }
    },
    start() {
      replayer.kick();
    },
    applied,
    settled: () => replayer.settled(),
    stop: () => replayer.stop(),
  };
}

// A move from one IMAP account to a folder of another (electron/actions/transfer-repository.ts).
// Local Folders on either side are not this path: saving locally has its own.
async function isTransfer(store: Store, messageIds: readonly string[], targetFolderId: string): Promise<boolean> {
  const target = await store.folders.get(targetFolderId);
  const first = messageIds[0] === undefined ? null : await store.messages.get(messageIds[0]);
  if (target === null || first === null || target.accountId === first.accountId) return false;
  const [targetAccount, sourceAccount] = await Promise.all([store.accounts.get(target.accountId), store.accounts.get(first.accountId)]);
  return targetAccount?.kind === 'imap' && sourceAccount?.kind === 'imap';
}
