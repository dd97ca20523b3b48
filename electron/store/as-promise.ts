// Repositories are async so the store can move to a worker thread without touching
// callers (architecture.md). Until then, this runs the synchronous work now and
// hands back its result, or its exception as a rejection.
export function asPromise<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(work());
  });
}
