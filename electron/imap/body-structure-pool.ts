import { createWorkerRequests } from '../worker-requests.ts';
import { siblingWorkerUrl } from '../worker-url.ts';
import type { BodyStructureReply, BodyStructureRequest } from './body-structure-protocol.ts';
import type { ParsedBodyStructure } from './parse-body-structure.ts';

// Issue 9, hostile sizes: a BODYSTRUCTURE of 10,000 MIME parts held the main thread 0.4 to
// 1 s in imapflow's parser during a header sync. Such a list is parsed on a thread of its
// own, started only when one comes (ordinary mail never needs it) and stopped once idle.
export type BodyStructureParsing = {
  parse(list: Uint8Array, literals: readonly Uint8Array[], maxResponseTokens: number): Promise<ParsedBodyStructure>;
  close(): Promise<void>;
};

const idleStopMs = 10_000;
// A 16 MiB line (imap-limits.ts) parses in seconds; past this the thread is taken as stuck.
const parseTimeoutMs = 60_000;

export function createBodyStructureParsing(): BodyStructureParsing {
  const requests = createWorkerRequests<BodyStructureReply>({
    url: siblingWorkerUrl(import.meta.url, 'body-structure-worker'),
    size: 1,
    stopWhenIdleMs: idleStopMs,
    timeout: { ms: parseTimeoutMs, message: 'Reading a message structure took too long' },
    stopped: (cause) => (cause === null ? 'Reading message structures stopped' : `Reading message structures stopped: ${cause.message}`),
    closed: 'Reading message structures is closed',
  });
  return {
    async parse(list, literals, maxResponseTokens) {
      const reply = await requests.request((id): BodyStructureRequest => ({ id, list, literals, maxResponseTokens }));
      return { hasAttachments: reply.hasAttachments, bodyStructure: reply.bodyStructure };
    },
    close: () => requests.close(),
  };
}

let shared: BodyStructureParsing | null = null;

// The process's thread, started on first use; idle, it never keeps the process alive.
export function sharedBodyStructureParsing(): BodyStructureParsing {
  shared ??= createBodyStructureParsing();
  return shared;
}
