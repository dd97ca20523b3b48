import type { ImapFlow } from 'imapflow';
import { withCheckedMailbox } from './checked-mailbox.ts';
import { CallerError } from './caller-error.ts';

// One message's source in ranges, BODY.PEEK[]<offset.length> (imapflow's download(), which
// also copes with servers that ignore the range or answer late), each range handed to
// onChunk as it arrives. A 137 MB message is then 2 MiB literals on this thread, never one
// Buffer that imapflow joins here (issue 9, hostile sizes). EXAMINE and PEEK: downloading
// must not set \Seen (RFC 3501 6.4.5). False when the UID no longer exists.
export async function fetchSourceChunks(
  client: ImapFlow,
  path: string,
  uid: number,
  uidValidity: number | null,
  chunkBytes: number,
  onChunk: (chunk: Buffer) => void,
): Promise<boolean> {
  return withCheckedMailbox(client, path, { readOnly: true, uidValidity, stale: 'this message' }, async () => {
    const download = await client.download(String(uid), undefined, { uid: true, chunkSize: chunkBytes });
    const content = download.content;
    if (content === undefined) return false;
    // The lock is held until the last range is in: the download's FETCHes need the folder.
    for await (const chunk of content as AsyncIterable<Buffer>) {
      try {
        onChunk(chunk);
      } catch (error) {
        // The caller's failure (its store closed), not the server's: stop the download.
        content.destroy();
        throw new CallerError(error);
      }
    }
    return true;
  });
}
