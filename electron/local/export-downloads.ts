// Browser mode's exports waiting to be downloaded: beginExport offers a plan under a random
// id, and the browser-mode server hands it out once (export-download-route.ts), within a
// minute. A plan holds its messages' ids, not their bytes, so a waiting export costs little.
// Each offer says how it ended exactly once: the route reports a taken one finished or
// failed; one never taken is reported expired (or failed, when newer ones pushed it out).
import { randomBytes } from 'node:crypto';
import type { ExportDownloadEnd } from '../../shared/local/export-download-ended.ts';
import type { ExportPlan } from './export-writer.ts';

// Long enough for the page to follow the link it got, short enough that an id left in a
// history or log is dead by the time anyone reads it.
export const exportDownloadTtlMs = 60_000;
// Waiting exports kept at most; a page asking for more loses the oldest.
const maxWaiting = 16;

export type WaitingExport = {
  readonly plan: ExportPlan;
  // Says how the download ended; calls after the first are ignored.
  readonly ended: (end: ExportDownloadEnd) => void;
};

export type ExportDownloads = {
  offer(plan: ExportPlan, ended: (end: ExportDownloadEnd) => void): string;
  // The export, removed so the id works once; null when unknown, already taken or expired.
  take(id: string): WaitingExport | null;
};

// Runs `run` after delayMs unless the returned cancel is called first.
export type Schedule = (run: () => void, delayMs: number) => () => void;

const unrefTimer: Schedule = (run, delayMs) => {
  // A waiting export must not keep a closing server's process alive.
  const timer = setTimeout(run, delayMs).unref();
  return () => {
    clearTimeout(timer);
  };
};

export const exportDownloadPathPrefix = '/export/';

export function exportDownloadPath(id: string): string {
  return `${exportDownloadPathPrefix}${id}`;
}

const droppedReason = `More than ${maxWaiting} exports were waiting to be downloaded, so this older one was dropped. Export it again.`;

type Entry = WaitingExport & { readonly expires: number; readonly cancelTimer: () => void };

export function createExportDownloads(
  options: { readonly now?: () => number; readonly ttlMs?: number; readonly schedule?: Schedule } = {},
): ExportDownloads {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? exportDownloadTtlMs;
  const schedule = options.schedule ?? unrefTimer;
  // Insertion order is age order.
  const waiting = new Map<string, Entry>();

  function remove(id: string, entry: Entry, end: ExportDownloadEnd | null): void {
    waiting.delete(id);
    entry.cancelTimer();
    if (end !== null) entry.ended(end);
  }

  function dropExpired(): void {
    for (const [id, entry] of waiting) if (entry.expires <= now()) remove(id, entry, { kind: 'expired' });
  }

  return {
    offer(plan, ended) {
      dropExpired();
      for (const [id, entry] of waiting) {
        if (waiting.size < maxWaiting) break;
        remove(id, entry, { kind: 'failed', reason: droppedReason });
      }
      const id = randomBytes(24).toString('base64url');
      let told = false;
      const entry: Entry = {
        plan,
        ended(end) {
          if (told) return;
          told = true;
          ended(end);
        },
        expires: now() + ttlMs,
        cancelTimer: schedule(() => {
          if (waiting.get(id) === entry) remove(id, entry, { kind: 'expired' });
        }, ttlMs),
      };
      waiting.set(id, entry);
      return id;
    },
    take(id) {
      const entry = waiting.get(id);
      if (entry === undefined) return null;
      if (entry.expires <= now()) {
        remove(id, entry, { kind: 'expired' });
        return null;
      }
      remove(id, entry, null);
      return { plan: entry.plan, ended: entry.ended };
    },
  };
}
