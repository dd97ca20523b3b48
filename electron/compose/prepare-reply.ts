import type { ComposeFields, ReplyMode } from '../../shared/compose/compose-types.ts';
import type { Address, Message } from '../../shared/domain.ts';
import { sanitizeRichHtml, textToRichHtml } from '../../shared/compose/rich-text.ts';

export type ReplySource = {
  readonly message: Message;
  // The original's own References (or In-Reply-To) header, as Message-IDs.
  readonly parentReferences: readonly string[];
  // The text to quote: the plain part, or the HTML part made text.
  readonly text: string;
  // The original's HTML part, unsanitised; a reply to it starts in rich text with the
  // original as a blockquote, kept to the composer's allow-list.
  readonly html?: string | null;
  // Every address of the user's own accounts: never answered to.
  readonly ownAddresses: readonly string[];
  readonly accountId: string;
};

function formatAddress(address: Address): string {
  if (address.name === '' || address.name === address.address) return address.address;
  // RFC 5322 3.2.4: a display name with specials is quoted.
  const name = /^[\w .'-]*$/.test(address.name) ? address.name : `"${address.name.replace(/(["\\])/g, '\\$1')}"`;
  return `${name} <${address.address}>`;
}

function prefixed(prefix: 'Re' | 'Fwd', subject: string): string {
  const pattern = prefix === 'Re' ? /^\s*re\s*:/i : /^\s*(fwd?|fw)\s*:/i;
  return pattern.test(subject) ? subject : `${prefix}: ${subject}`;
}

function quote(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  // RFC 3676 4.5: a quoted line starts with ">"; an already-quoted one gets one more.
  return lines.map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`)).join('\n');
}

function uniqueExcept(addresses: readonly Address[], excluded: ReadonlySet<string>): readonly Address[] {
  const seen = new Set(excluded);
  const result: Address[] = [];
  for (const address of addresses) {
    const key = address.address.toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    result.push(address);
  }
  return result;
}

// The composer's starting point for Reply, Reply all and Forward (RFC 5322 3.6.3, 3.6.4).
export function prepareReply(source: ReplySource, mode: ReplyMode): ComposeFields {
  const { message } = source;
  const own = new Set(source.ownAddresses.map((address) => address.toLowerCase()));
  const when = new Date(message.date).toUTCString();
  const sender = message.from === null ? 'someone' : formatAddress(message.from);
  const references = message.messageId === null ? [...source.parentReferences] : [...source.parentReferences, message.messageId];
  const base = {
    accountId: source.accountId,
    bcc: [],
    attachments: [],
  };
  if (mode === 'forward' || mode === 'forwardAsAttachment') {
    const header = [
      '---------- Forwarded message ----------',
      `From: ${sender}`,
      `Date: ${when}`,
      `Subject: ${message.subject}`,
      `To: ${message.to.map(formatAddress).join(', ')}`,
    ].join('\n');
    return {
      ...base,
      ...(mode === 'forward' && source.html != null ? { html: `<p><br></p>${textToRichHtml(header)}${sanitizeRichHtml(source.html)}` } : {}),
      to: [],
      cc: [],
      subject: prefixed('Fwd', message.subject),
      // As an attachment, the original travels whole (compose-service.ts adds it) and the
      // body is the user's own words only.
      body: mode === 'forward' ? `\n\n${header}\n\n${source.text}` : '',
      relation: message.id === '' ? null : { kind: 'forward', messageId: message.id },
      inReplyTo: null,
      references: references.slice(-20),
    };
  }
  // Reply-To when the sender set one (RFC 5322 3.6.2); a reply to one's own message goes
  // to its recipients instead of back to oneself.
  const fromSelf = message.from !== null && own.has(message.from.address.toLowerCase());
  const primary = message.replyTo.length > 0 ? message.replyTo : fromSelf ? message.to : message.from === null ? [] : [message.from];
  const to = uniqueExcept(mode === 'replyAll' ? [...primary, ...message.to] : primary, fromSelf && mode === 'reply' ? new Set() : own);
  const cc = mode === 'replyAll' ? uniqueExcept(message.cc, new Set([...own, ...to.map((entry) => entry.address.toLowerCase())])) : [];
  const intro = `On ${when}, ${sender} wrote:`;
  return {
    ...base,
    ...(source.html == null ? {} : { html: `<p><br></p>${textToRichHtml(intro)}<blockquote>${sanitizeRichHtml(source.html)}</blockquote>` }),
    to: to.map(formatAddress),
    cc: cc.map(formatAddress),
    subject: prefixed('Re', message.subject),
    body: `\n\n${intro}\n${quote(source.text)}\n`,
    relation: { kind: 'reply', messageId: message.id },
    inReplyTo: message.messageId,
    // RFC 5322 3.6.4: the parent's References then its Message-ID; long chains are cut
    // from the front (keeping the newest), as RFC 5537 3.4.4 allows for news.
    references: references.slice(-20),
  };
}

// The Message-IDs of a References (or In-Reply-To) header value.
export function messageIdsIn(header: string): readonly string[] {
  return header.match(/<[^<>\s]+>/g) ?? [];
}

// A header of a raw message, unfolded (RFC 5322 2.2.3), or null.
export function rawHeader(raw: Buffer, name: string): string | null {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const wanted = name.toLowerCase();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return null;
}
