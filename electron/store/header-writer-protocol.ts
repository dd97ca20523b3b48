import type { BodiesExpected } from '../search/word-index.ts';
import type { LocalMessageInput } from '../local/local-repository.ts';
import type { BodyText } from '../search/search-repository.ts';
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
  // The whole set of accounts whose offline download is running: the word index's catch-up
  // leaves their rows that wait for a body to be indexed with it (word-index.ts).
  | { readonly kind: 'bodiesExpected'; readonly expected: readonly BodiesExpected[] }
  // While held, a sync's headers are arriving: the catch-up of threads and the word index
  // (flush requests included) waits for the release, or runs once it has waited its most.
  | { readonly kind: 'catchUpHeld'; readonly held: boolean }
  // Local Folders rows (local-repository.ts insertMessages, completeMessage) committed here
  // with synchronous=FULL: their text may be 4 Mi characters for the word index, a commit
  // that held the main thread over a second (issue 9, hostile sizes). Replies with the new
  // ids; a completion with count 1 when stored, 0 when the message is gone.
  | { readonly kind: 'localInsert'; readonly id: number; readonly folderId: string; readonly messages: readonly LocalMessageInput[] }
  | {
      readonly kind: 'localComplete';
      readonly id: number;
      readonly messageRef: string;
      readonly file: { readonly baseName: string; readonly fileName: string };
      readonly bodyText: BodyText;
    }
  // `closed` is set to 1 once the thread's connection is closed (header-writer.ts waits on it).
  | { readonly kind: 'close'; readonly closed: Int32Array };

export type HeaderWriteReply =
  | { readonly id: number; readonly ok: true; readonly count?: number; readonly ids?: readonly string[] }
  // errcode: SQLite's result code (a full disk is SQLITE_FULL: disk-write-error.ts).
  | { readonly id: number; readonly ok: false; readonly message: string; readonly code: string | null; readonly errcode?: number };

export type HeaderWriterData = { readonly dataDir: string };
