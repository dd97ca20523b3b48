// Browser mode's exports waiting to be downloaded: beginExport offers a plan under a random
// id, and the browser-mode server hands it out once (export-download-route.ts), within a
// minute. A plan holds its messages' ids, not their bytes, so a waiting export costs little.
import { randomBytes } from 'node:crypto';
import type { ExportPlan } from './export-writer.ts';

// Long enough for the page to follow the link it got, short enough that an id left in a
// history or log is dead by the time anyone reads it.
export const exportDownloadTtlMs = 60_000;
// Waiting exports kept at most; a page asking for more loses the oldest.
const maxWaiting = 16;

export type ExportDownloads = {
  offer(plan: ExportPlan): string;
  // The plan, removed so the id works once; null when unknown, already taken or expired.
  take(id: string): ExportPlan | null;
};

export const exportDownloadPathPrefix = '/export/';

export function exportDownloadPath(id: string): string {
  return `${exportDownloadPathPrefix}${id}`;
}

export function createExportDownloads(options: { readonly now?: () => number; readonly ttlMs?: number } = {}): ExportDownloads {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? exportDownloadTtlMs;
  // Insertion order is age order.
  const waiting = new Map<string, { readonly plan: ExportPlan; readonly expires: number }>();

  function dropExpired(): void {
    for (const [id, entry] of waiting) if (entry.expires <= now()) waiting.delete(id);
  }

  return {
    offer(plan) {
      dropExpired();
      while (waiting.size >= maxWaiting) {
        const oldest = waiting.keys().next().value;
        if (oldest === undefined) break;
        waiting.delete(oldest);
      }
      const id = randomBytes(24).toString('base64url');
      waiting.set(id, { plan, expires: now() + ttlMs });
      return id;
    },
    take(id) {
      const entry = waiting.get(id);
      if (entry === undefined) return null;
      waiting.delete(id);
      return entry.expires > now() ? entry.plan : null;
    },
  };
}
