// imapflow's FETCH result -> the RemoteHeader sync stores.
import type { FetchMessageObject, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { Address } from '../../shared/domain.ts';
import type { RemoteHeader } from './imap-types.ts';
import { messageIdKey, messageIdKeys, referencesFromHeaderBlock } from '../threads/message-id-list.ts';

// RFC 3501 2.3.2: \Recent belongs to one session, so it is not a property of the message.
const SESSION_FLAGS = new Set(['\\recent']);

function toAddress(entry: MessageAddressObject): Address {
  return { name: entry.name ?? '', address: entry.address ?? '' };
}

function toAddresses(list: readonly MessageAddressObject[] | undefined): readonly Address[] {
  return (list ?? []).filter((entry) => entry.address !== undefined || entry.name !== undefined).map(toAddress);
}

function toTime(value: Date | string | undefined): number | null {
  if (value === undefined) return null;
  const time = (value instanceof Date ? value : new Date(value)).getTime();
  return Number.isNaN(time) ? null : time;
}

// A part is an attachment when it says so (RFC 2183) or carries a file name, the way most
// clients show a paperclip; multipart containers themselves never count.
export function hasAttachment(node: MessageStructureObject | undefined): boolean {
  if (node === undefined) return false;
  if (node.childNodes !== undefined && node.childNodes.length > 0) {
    return node.childNodes.some(hasAttachment);
  }
  if (node.type.toLowerCase().startsWith('multipart/')) return false;
  if (node.disposition?.toLowerCase() === 'attachment') return true;
  return Boolean(node.dispositionParameters?.filename ?? node.parameters?.name);
}

export function splitFlags(flags: Iterable<string> | undefined): {
  systemFlags: readonly string[];
  keywords: readonly string[];
} {
  const systemFlags: string[] = [];
  const keywords: string[] = [];
  for (const flag of flags ?? []) {
    if (flag.startsWith('\\')) {
      if (!SESSION_FLAGS.has(flag.toLowerCase())) systemFlags.push(flag);
    } else {
      keywords.push(flag);
    }
  }
  return { systemFlags, keywords };
}

export function mapFetchedHeader(message: FetchMessageObject): RemoteHeader {
  const envelope = message.envelope;
  const internalDate = toTime(message.internalDate) ?? 0;
  const from = envelope?.from?.find((entry) => entry.address !== undefined || entry.name !== undefined);
  const { systemFlags, keywords } = splitFlags(message.flags);
  return {
    uid: message.uid,
    modseq: message.modseq === undefined ? null : message.modseq.toString(),
    messageId: envelope?.messageId ?? null,
    // imapflow decodes RFC 2047 encoded words in the envelope's subject and names.
    subject: envelope?.subject ?? '',
    from: from === undefined ? null : toAddress(from),
    to: toAddresses(envelope?.to),
    cc: toAddresses(envelope?.cc),
    replyTo: toAddresses(envelope?.replyTo),
    // A missing or unparseable Date: header falls back to when the server received it.
    date: toTime(envelope?.date) ?? internalDate,
    internalDate,
    size: message.size ?? 0,
    systemFlags,
    keywords,
    hasAttachments: hasAttachment(message.bodyStructure),
    bodyStructure: message.bodyStructure === undefined ? null : JSON.stringify(message.bodyStructure),
    inReplyTo: messageIdKey(envelope?.inReplyTo),
    references: messageIdKeys(referencesFromHeaderBlock(message.headers)),
  };
}
