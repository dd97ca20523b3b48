// Fault injection for the crash harness (test/integration/crash-harness.test.ts): the steps
// where a crash would leave mail half-moved call crashPoint(step). With
// LETTERBOX_CRASH_AT=<step>:<n> in the environment, the process kills itself with SIGKILL
// the n-th time it reaches that step, exactly as a power cut or `kill -9` would stop it
// there. With LETTERBOX_CRASH_COUNT=1 it only counts, so a harness can learn how often each
// step is reached. Without either variable (every normal run) it does nothing: the
// environment is read once, at load.
export const crashSteps = [
  'file-written',
  'fsync',
  'rename',
  'store-commit',
  'imap-store',
  'imap-expunge',
  'pop3-dele',
  'pop3-quit',
  // Sending (electron/compose/outbox-sender.ts, test/integration/send-crash.test.ts): the
  // message and its final "." are on the wire with no reply read yet; the server accepted
  // DATA and the outbox has not recorded it; the Sent copy was APPENDed.
  'smtp-data-sent',
  'smtp-accepted',
  'sent-copy-appended',
] as const;

export type CrashStep = (typeof crashSteps)[number];

export type CrashSpec = { readonly step: CrashStep; readonly occurrence: number };

export function parseCrashSpec(value: string | undefined): CrashSpec | null {
  if (value === undefined || value === '') return null;
  const match = /^([a-z0-9-]+):([1-9][0-9]{0,6})$/.exec(value);
  const step = crashSteps.find((candidate) => candidate === match?.[1]);
  if (match === null || step === undefined) {
    throw new Error(`LETTERBOX_CRASH_AT must be <step>:<n> with a step of ${crashSteps.join(', ')}; got "${value}"`);
  }
  return { step, occurrence: Number(match[2]) };
}

const spec = parseCrashSpec(process.env.LETTERBOX_CRASH_AT);
const counting = spec !== null || process.env.LETTERBOX_CRASH_COUNT === '1';
const reached = new Map<CrashStep, number>();

export function crashPoint(step: CrashStep): void {
  if (!counting) return;
  const count = (reached.get(step) ?? 0) + 1;
  reached.set(step, count);
  if (spec !== null && spec.step === step && spec.occurrence === count) process.kill(process.pid, 'SIGKILL');
}

// How often each step was reached in this process (counting runs only).
export function crashPointCounts(): Readonly<Record<CrashStep, number>> {
  return Object.fromEntries(crashSteps.map((step) => [step, reached.get(step) ?? 0])) as Record<CrashStep, number>;
}
