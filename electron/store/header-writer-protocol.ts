import type { HeaderInput, UpsertOptions } from './message-repository.ts';
import type { FullSource } from './message-source-repository.ts';

// What the main thread and the header writer's thread say to each other.
export type HeaderWriterMessage =
  | { readonly kind: 'write'; readonly id: number; readonly folderId: string; readonly headers: readonly HeaderInput[]; readonly options: UpsertOptions }
  // Replies once no row waits for the word index.
  | { readonly kind: 'flush'; readonly id: number }
  // Downloaded sources with their text (sources.storeFullBatch); replies with how many were stored.
  | { readonly kind: 'sources'; readonly id: number; readonly entries: readonly FullSource[] }
  // A large source in ranges (sources.beginLargeSource): chunks are kept on the thread until
  // the commit, which replies with 1 when it was stored, 0 when the message is gone.
  | { readonly kind: 'largeSourceChunk'; readonly upload: number; readonly chunk: Uint8Array }
  | { readonly kind: 'largeSourceCommit'; readonly id: number; readonly upload: number; readonly messageId: string }
  | { readonly kind: 'largeSourceAbort'; readonly upload: number }
  // `closed` is set to 1 once the thread's connection is closed (header-writer.ts waits on it).
  | { readonly kind: 'close'; readonly closed: Int32Array };

export type HeaderWriteReply =
  | { readonly id: number; readonly ok: true; readonly count?: number }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly code: string | null };

export type HeaderWriterData = { readonly dataDir: string };
