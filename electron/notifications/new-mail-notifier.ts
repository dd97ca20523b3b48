// Turns "sync stored these new UIDs" into newMailNotification events: waits a moment so a
// burst (several deliveries, one IDLE wake-up per message) is announced together, reads the
// messages as they are then (one read elsewhere meanwhile is not announced), and lets the
// policy in electron/desktop decide. Who shows the result is the transport's business.
import { decideNewMailNotifications } from '../desktop/new-mail-decision.ts';
import type { EmitEvent } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';

export type NewMailNotifierOptions = {
  readonly store: Store;
  readonly emit: EmitEvent;
  readonly logError: (error: unknown) => void;
  // How long new mail is gathered before it is announced.
  readonly batchMs?: number;
};

export type NewMailNotifier = {
  onNewMail(folderId: string, uids: readonly number[]): void;
  setViewedFolder(folderId: string | null): void;
  setWindowFocused(focused: boolean): void;
  stop(): void;
};

export const DEFAULT_NOTIFICATION_BATCH_MS = 750;

export function createNewMailNotifier(options: NewMailNotifierOptions): NewMailNotifier {
  const { store, emit, logError } = options;
  const batchMs = options.batchMs ?? DEFAULT_NOTIFICATION_BATCH_MS;
  const pending = new Map<string, Set<number>>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let viewedFolderId: string | null = null;
  let focused = false;
  let stopped = false;
  // Read through a function: stop() may run while a flush awaits the store.
  const isStopped = (): boolean => stopped;

  async function flush(): Promise<void> {
    timer = null;
    const batch = [...pending];
    pending.clear();
    const newMail = (await Promise.all(batch.map(([folderId, uids]) => store.newMail.describe(folderId, [...uids])))).flat();
    if (newMail.length === 0 || isStopped()) return;
    const [settings, accounts] = await Promise.all([store.settings.get(), store.accounts.list()]);
    const labels = new Map(accounts.map((account) => [account.id, account.name.trim() || account.email]));
    const notifications = decideNewMailNotifications(newMail, {
      settings: settings.notifications,
      focusedFolderId: focused ? viewedFolderId : null,
      accountLabel: (accountId) => labels.get(accountId) ?? 'your account',
    });
    if (isStopped()) return;
    for (const notification of notifications) emit('newMailNotification', notification);
  }

  return {
    onNewMail(folderId, uids) {
      if (stopped || uids.length === 0) return;
      const known = pending.get(folderId) ?? new Set<number>();
      for (const uid of uids) known.add(uid);
      pending.set(folderId, known);
      timer ??= setTimeout(() => {
        flush().catch(logError);
      }, batchMs);
    },
    setViewedFolder(folderId) {
      viewedFolderId = folderId;
    },
    setWindowFocused(value) {
      focused = value;
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}
