import type { ImapFlow } from 'imapflow';

// UIDs in `path` whose Message-ID header is `messageId` (RFC 3501 6.4.4 SEARCH HEADER,
// a substring match, so each hit's header is compared exactly before it counts).
export async function findByMessageId(client: ImapFlow, path: string, messageId: string): Promise<readonly number[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    // A mailbox selected before may owe us news of messages added since (RFC 3501 6.1.2).
    await client.noop();
    const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    if (found === false || found === undefined || found.length === 0) return [];
    const fetched = await client.fetchAll(found, { uid: true, envelope: true }, { uid: true });
    return fetched.filter((message) => message.envelope?.messageId === messageId).map((message) => message.uid);
  } finally {
    lock.release();
  }
}
