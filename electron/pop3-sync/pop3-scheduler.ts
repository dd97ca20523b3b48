// When each POP3 account is checked: once at start, then on its own interval (the sync
// supervisor's idea of a per-account check, without IDLE: POP3 has no push). One check per
// account at a time; a failed check that could not reach the server is retried with the
// same backoff as IMAP reconnects, sooner than the interval.
import { reconnectDelayMs } from '../sync/reconnect-delay.ts';
import { isOfflineError } from '../sync/sync-status.ts';

export type Pop3SchedulerOptions = {
  readonly check: (accountId: string) => Promise<unknown>;
  readonly intervalMs: (accountId: string) => Promise<number>;
  readonly isOffline: () => Promise<boolean>;
  readonly logError: (error: unknown) => void;
  readonly random?: () => number;
};

export type Pop3Scheduler = {
  startAccount(accountId: string): void;
  // Checks now (or joins the check running) and re-arms the timer.
  checkNow(accountId: string): Promise<void>;
  stopAccount(accountId: string): Promise<void>;
  stopAll(): Promise<void>;
};

type AccountTimer = {
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
  failures: number;
};

export function createPop3Scheduler(options: Pop3SchedulerOptions): Pop3Scheduler {
  const accounts = new Map<string, AccountTimer>();
  let stopped = false;

  function arm(accountId: string, state: AccountTimer, delayMs: number): void {
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = null;
      void run(accountId, state).catch(() => undefined);
    }, delayMs);
    state.timer.unref();
  }

  function run(accountId: string, state: AccountTimer): Promise<void> {
    if (state.running !== null) return state.running;
    const running = (async () => {
      let failed: Error | null = null;
      try {
        if (!(await options.isOffline())) await options.check(accountId);
        state.failures = 0;
      } catch (error) {
        failed = error instanceof Error ? error : new Error(String(error));
        state.failures += 1;
      } finally {
        state.running = null;
      }
      if (stopped || accounts.get(accountId) !== state) return;
      const delay =
        failed !== null && isOfflineError(failed)
          ? reconnectDelayMs(state.failures - 1, options.random ?? Math.random)
          : await options.intervalMs(accountId);
      arm(accountId, state, delay);
      if (failed !== null) throw failed;
    })();
    state.running = running;
    return running;
  }

  async function stopAccount(accountId: string): Promise<void> {
    const state = accounts.get(accountId);
    accounts.delete(accountId);
    if (state === undefined) return;
    if (state.timer !== null) clearTimeout(state.timer);
    await state.running?.catch(() => undefined);
  }

  return {
    startAccount(accountId) {
      if (stopped || accounts.has(accountId)) return;
      const state: AccountTimer = { timer: null, running: null, failures: 0 };
      accounts.set(accountId, state);
      arm(accountId, state, 0);
    },
    async checkNow(accountId) {
      let state = accounts.get(accountId);
      if (state === undefined) {
        state = { timer: null, running: null, failures: 0 };
        accounts.set(accountId, state);
      }
      if (state.running !== null) await state.running.catch(() => undefined);
      await run(accountId, state);
    },
    stopAccount,
    async stopAll() {
      stopped = true;
      await Promise.all([...accounts.keys()].map(stopAccount));
    },
  };
}
