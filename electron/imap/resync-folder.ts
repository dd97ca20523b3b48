import type { ExpungeEvent, FetchMessageObject, ImapFlow } from 'imapflow';
import type { FolderResync, ResyncFolderOptions, ResyncKnownState, RemoteFlagUpdate } from './imap-types.ts';
import { snapshotOf } from './folder-snapshot.ts';
import { splitFlags } from './map-fetched-header.ts';
import { uidSet } from './uid-set.ts';
import { CallerError } from './caller-error.ts';

// Brings the cached messages below `known.uidNext` up to the server: which are gone, and
// the flags of those that changed. New mail (UIDs from uidNext on) is fetchHeaders' job.
//
// - QRESYNC (RFC 7162 3.2.6): one UID FETCH ... (FLAGS) (CHANGEDSINCE m VANISHED) returns
//   only the messages changed since m, and VANISHED (EARLIER) lists the expunged UIDs. When
//   HIGHESTMODSEQ has not moved, nothing at all is fetched.
// - Otherwise (no QRESYNC, NOMODSEQ, or allowModseq false): UID SEARCH ALL says which UIDs
//   still exist, then the flags of all of them are fetched in batches of batchSize.
export async function resyncFolder(
  client: ImapFlow,
  path: string,
  known: ResyncKnownState,
  options: ResyncFolderOptions,
): Promise<FolderResync> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const mailbox = client.mailbox;
    if (mailbox === false) throw new Error(`Mailbox ${path} is not open`);
    const snapshot = snapshotOf(mailbox);
    // RFC 3501 2.3.1.1: under another UIDVALIDITY no cached UID means anything.
    if (snapshot.uidValidity !== known.uidValidity) return { snapshot, mode: 'uidvalidity-changed' };
    const top = known.uidNext - 1;
    const canQresync =
      options.allowModseq &&
      client.enabled.has('QRESYNC') &&
      mailbox.noModseq !== true &&
      snapshot.highestModseq !== null;
    if (top < 1) return { snapshot, mode: canQresync ? 'qresync' : 'compare' };
    if (canQresync && known.highestModseq !== null) {
      if (snapshot.highestModseq === known.highestModseq) return { snapshot, mode: 'qresync' };
      await changedSince(client, path, top, known.highestModseq, options);
      return { snapshot, mode: 'qresync' };
    }
    await compareAll(client, top, options);
    return { snapshot, mode: 'compare' };
  } finally {
    lock.release();
  }
}

async function changedSince(
  client: ImapFlow,
  path: string,
  top: number,
  modseq: string,
  options: ResyncFolderOptions,
): Promise<void> {
  const vanished: number[] = [];
  // imapflow reports VANISHED (EARLIER) through its 'expunge' event, one UID at a time.
  const onExpunge = (event: ExpungeEvent): void => {
    if (event.path === path && event.uid !== undefined) vanished.push(event.uid);
  };
  client.on('expunge', onExpunge);
  let messages: FetchMessageObject[];
  try {
    messages = await client.fetchAll(`1:${top}`, { uid: true, flags: true }, { uid: true, changedSince: BigInt(modseq) });
  } finally {
    client.off('expunge', onExpunge);
  }
  await deliver(options, { kind: 'vanished', uids: vanished.filter((uid) => uid <= top) });
  const updates = messages.filter((message) => message.uid <= top).map(toFlagUpdate);
  for (let start = 0; start < updates.length; start += options.batchSize) {
    await deliver(options, { kind: 'flags', updates: updates.slice(start, start + options.batchSize) });
  }
}

async function compareAll(client: ImapFlow, top: number, options: ResyncFolderOptions): Promise<void> {
  const found = await client.search({ uid: `1:${top}` }, { uid: true });
  const present = (Array.isArray(found) ? found : []).filter((uid) => uid <= top).sort((a, b) => a - b);
  await deliver(options, { kind: 'present', below: top + 1, uids: present });
  // Newest first, as the header sync does: the messages a person sees first settle first.
  for (let end = present.length; end > 0; end -= options.batchSize) {
    const batch = present.slice(Math.max(0, end - options.batchSize), end);
    const messages = await client.fetchAll(uidSet(batch), { uid: true, flags: true }, { uid: true });
    await deliver(options, { kind: 'flags', updates: messages.map(toFlagUpdate) });
  }
}

async function deliver(options: ResyncFolderOptions, batch: Parameters<ResyncFolderOptions['onBatch']>[0]): Promise<void> {
  try {
    await options.onBatch(batch);
  } catch (error) {
    throw new CallerError(error);
  }
}

function toFlagUpdate(message: FetchMessageObject): RemoteFlagUpdate {
  const { systemFlags, keywords } = splitFlags(message.flags);
  return {
    uid: message.uid,
    modseq: message.modseq === undefined ? null : message.modseq.toString(),
    systemFlags,
    keywords,
  };
}
