// Runs one task at a time per account, in the order asked: the outbox and the drafts of
// an account share its interactive IMAP connection and must not interleave their steps.
export type AccountRunner = {
  run<T>(accountId: string, task: () => Promise<T>): Promise<T>;
  // Resolves once every task asked for so far has finished.
  idle(): Promise<void>;
};

export function createAccountRunner(): AccountRunner {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(accountId, task) {
      const previous = tails.get(accountId) ?? Promise.resolve();
      const next = previous.then(task, task);
      const tail = next.catch(() => undefined);
      tails.set(accountId, tail);
      void tail.then(() => {
        if (tails.get(accountId) === tail) tails.delete(accountId);
      });
      return next;
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
