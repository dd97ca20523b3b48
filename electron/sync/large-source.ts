import type { ImapSession } from '../imap/imap-types.ts';
import type { LargeSourceUpload, MessageSourceRepository } from '../store/message-source-repository.ts';

// Issue 9, hostile sizes. A message larger than this (its RFC822.SIZE, known from the
// headers) is fetched in ranges and assembled, indexed and stored on the header writer's
// thread, never as one Buffer on the main thread: imapflow joins a FETCH literal into one
// Buffer where it reads it, and a 137 MB join, its copies and a synchronous store of it
// held the main thread 0.4 to 2.6 seconds. Below it, one FETCH of many messages is cheaper
// (bodyBatchBytes in download-bodies.ts puts a larger one in a batch of its own anyway).
export const largeSourceBytes = 4 * 1024 * 1024;
// One range: a few milliseconds of the main thread to join and hand over, and few enough
// round trips (68 for 137 MB) that a distant server's latency adds little to the transfer.
export const sourceChunkBytes = 2 * 1024 * 1024;

export type LargeSourceTarget = {
  readonly messageId: string;
  readonly folderPath: string;
  readonly uid: number;
  readonly uidValidity: number | null;
};

export function fetchesInRanges(session: Pick<ImapSession, 'fetchSourceChunks'>, size: number): boolean {
  return size > largeSourceBytes && session.fetchSourceChunks !== undefined;
}

// Fetches the whole source into an upload, ready to commit (the caller commits once the
// connection is free for the next command); null when the UID no longer exists. A failure
// midway stores nothing.
export async function fetchLargeSource(
  session: Pick<ImapSession, 'fetchSourceChunks'>,
  sources: MessageSourceRepository,
  target: LargeSourceTarget,
): Promise<LargeSourceUpload | null> {
  const fetchChunks = session.fetchSourceChunks;
  if (fetchChunks === undefined) throw new Error('This connection cannot fetch a message in ranges');
  const upload = sources.beginLargeSource(target.messageId);
  try {
    const found = await fetchChunks.call(session, target.folderPath, target.uid, target.uidValidity, sourceChunkBytes, (chunk) => {
      upload.append(chunk);
    });
    if (found) return upload;
    upload.abort();
    return null;
  } catch (error) {
    upload.abort();
    throw error;
  }
}
