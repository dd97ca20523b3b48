export type BackoffPolicy = {
  readonly baseMs: number;
  readonly maxMs: number;
};

// 1 s, 2 s, 4 s … up to 5 minutes: quick after a blip, gentle on a server that is down.
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60_000 };

// Exponential backoff with "equal jitter": half of the step is fixed, half is random, so
// many clients cut off at once (a server restart) do not come back in lockstep, and no
// wait is shorter than half its step. `attempt` counts failures since the last success,
// from 0; `random` returns a number in [0, 1).
export function reconnectDelayMs(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(Math.floor(attempt), 0), 30);
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const jitter = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * jitter);
}

// "Reconnecting in 8 s": whole seconds, rounded up so it never says 0 before it tries.
export function reconnectingText(remainingMs: number): string {
  return `Reconnecting in ${Math.max(1, Math.ceil(remainingMs / 1000))} s`;
}
