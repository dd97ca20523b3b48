import type { BackoffPolicy } from './reconnect-delay.ts';

// What a test may change about when and how sync runs; every field has a default.
export type SyncTuning = {
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  readonly pushDebounceMs?: number;
  // Replaces every account's check interval.
  readonly checkIntervalMs?: number;
  // false forces resync's UID comparison even where the server offers QRESYNC.
  readonly allowModseq?: boolean;
};
