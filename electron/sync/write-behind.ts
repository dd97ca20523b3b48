// Lets a producer run ahead of the writes it hands over, by at most `limit` writes. A
// first sync's FETCH answers arrive while the header writer stores earlier batches; when
// each batch waited for its own write, the next FETCH went out only after it, and the
// server, the parser and the writer took turns instead of working at once.
// Writes run one after another in the order given. The first failure is kept: every
// later add() and drain() rejects with it, and no further write starts.
export type WriteBehind = {
  // Resolves once the write is queued and fewer than `limit` writes are unfinished.
  add(write: () => Promise<void>): Promise<void>;
  // Resolves when every queued write has finished; rejects with the first failure.
  drain(): Promise<void>;
};

export function createWriteBehind(limit: number): WriteBehind {
  let tail: Promise<void> = Promise.resolve();
  let failure: { readonly error: unknown } | null = null;
  const unfinished: Promise<void>[] = [];

  function rethrow(): void {
    if (failure !== null) throw failure.error;
  }

  return {
    async add(write) {
      rethrow();
      const run = tail.then(async () => {
        if (failure !== null) return;
        try {
          await write();
        } catch (error) {
          failure ??= { error };
        }
      });
      tail = run;
      unfinished.push(run);
      void run.then(() => unfinished.splice(unfinished.indexOf(run), 1));
      while (unfinished.length >= limit) await Promise.race(unfinished);
      rethrow();
    },
    async drain() {
      await tail;
      rethrow();
    },
  };
}
