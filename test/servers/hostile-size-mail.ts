// Hostile-sized messages (issue 9, item 7), written chunk by chunk straight into a Dovecot
// Maildir, so a 137 MB message is never one string or one Buffer in the test process.
import { createHash } from 'node:crypto';
import { closeSync, fchownSync, futimesSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DovecotServer } from './dovecot.ts';
import { maildirFolderPath, writeMaildirMessages } from './seed.ts';

// Lines of a message, LF-terminated as Dovecot keeps them on disk; yielded a few at a time.
export type HostileMessage = {
  readonly name: string;
  readonly subject: string;
  // Its Date and Maildir time this many days ago (0: index minutes ago).
  readonly daysOld?: number;
  chunks(): Iterable<string | Buffer>;
};

// An older copy: past the default offline policy's 30 days, so it is opened before it is
// downloaded. Its name and subject say so, so it is told apart from the recent one.
export type HostileOptions = { readonly daysOld?: number };

const megabyte = 1024 * 1024;
// The big HTML body's last word: past the start the search index holds (indexed-text.ts).
export const hostileSizes = { megabyte, lastWordOfBigHtml: 'Valedictorianzebra' };
const dayMs = 86_400_000;
const crlf = Buffer.from('\r\n');

function messageDate(index: number, daysOld: number): Date {
  return new Date(Date.now() - index * 60_000 - daysOld * dayMs);
}

function named(name: string, subject: string, options: HostileOptions): { name: string; subject: string; daysOld: number } {
  const daysOld = options.daysOld ?? 0;
  return daysOld === 0 ? { name, subject, daysOld } : { name: `${name}-old`, subject: `${subject} (${daysOld} days old)`, daysOld };
}

function headers(subject: string, index: number, contentType: string, daysOld = 0): string {
  return [
    `From: Hostile Sender <hostile@example.org>`,
    `To: Alice Example <alice@example.org>`,
    `Subject: ${subject}`,
    `Date: ${messageDate(index, daysOld).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <hostile-size-${index}@letterbox.test>`,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
    '',
    '',
  ].join('\n');
}

// A single text/html part of about htmlBytes (no text alternative: the reader must make one).
export function bigHtmlMessage(index: number, htmlBytes: number, options: HostileOptions = {}): HostileMessage {
  const { name, subject, daysOld } = named('big-html', 'Hostile: a 50 MB HTML body', options);
  return {
    name,
    subject,
    daysOld,
    *chunks() {
      yield headers(subject, index, 'text/html; charset=utf-8', daysOld);
      yield '<html><body>\n';
      const row = (n: number) => `<p style="color:#333">Row ${n} of a very long newsletter, <b>bold</b> and <i>plain</i> words.</p>\n`;
      let written = 0;
      let n = 0;
      while (written < htmlBytes) {
        const rows: string[] = [];
        for (let k = 0; k < 1000; k += 1) rows.push(row((n += 1)));
        const chunk = rows.join('');
        written += chunk.length;
        yield chunk;
      }
      yield `<p>${hostileSizes.lastWordOfBigHtml} is the last word of it.</p>\n</body></html>\n`;
    },
  };
}

// depth nested <div>s around one sentence, ten tags a line (RFC 5322 2.1.1: lines under 998).
export function deepNestingMessage(index: number, depth: number): HostileMessage {
  const subject = 'Hostile: 100,000 nested elements';
  return {
    name: 'deep-nesting',
    subject,
    *chunks() {
      yield headers(subject, index, 'text/html; charset=utf-8');
      const line = (tag: string) => `${tag.repeat(10)}\n`;
      for (let k = 0; k < depth; k += 10_000) yield line('<div>').repeat(Math.min(10_000, depth - k) / 10);
      yield 'The innermost sentence of a deeply nested message.\n';
      for (let k = 0; k < depth; k += 10_000) yield line('</div>').repeat(Math.min(10_000, depth - k) / 10);
    },
  };
}

// partCount parts in one multipart/mixed: every other one a short HTML part, the rest small attachments.
export function manyPartsMessage(index: number, partCount: number): HostileMessage {
  const subject = 'Hostile: 10,000 MIME parts';
  const boundary = 'many-parts-boundary';
  return {
    name: 'many-parts',
    subject,
    *chunks() {
      yield headers(subject, index, `multipart/mixed; boundary="${boundary}"`);
      for (let part = 1; part <= partCount; part += 1) {
        yield part % 2 === 1
          ? `--${boundary}\nContent-Type: text/html; charset=utf-8\n\n<p>Part ${part} of many.</p>\n`
          : `--${boundary}\nContent-Type: application/octet-stream; name="part-${part}.bin"\nContent-Disposition: attachment; filename="part-${part}.bin"\nContent-Transfer-Encoding: base64\n\n${Buffer.from(`attachment ${part}`).toString('base64')}\n`;
      }
      yield `--${boundary}--\n`;
    },
  };
}

// A short text part and an attachment of attachmentBytes, base64 in 76-character lines.
export function bigAttachmentMessage(index: number, attachmentBytes: number, options: HostileOptions = {}): HostileMessage {
  const { name, subject, daysOld } = named('big-attachment', 'Hostile: a 100 MB attachment', options);
  const boundary = 'big-attachment-boundary';
  return {
    name,
    subject,
    daysOld,
    *chunks() {
      yield headers(subject, index, `multipart/mixed; boundary="${boundary}"`, daysOld);
      yield `--${boundary}\nContent-Type: text/plain; charset=utf-8\n\nThe attachment is large.\n`;
      yield `--${boundary}\nContent-Type: application/octet-stream; name="big.bin"\nContent-Disposition: attachment; filename="big.bin"\nContent-Transfer-Encoding: base64\n\n`;
      // 57 bytes make one 76-character base64 line; a megabyte-ish block of whole lines at a time.
      const linesPerBlock = 18_396;
      const block = Buffer.alloc(57 * linesPerBlock);
      for (let k = 0; k < block.length; k += 1) block[k] = (k * 31 + 7) & 0xff;
      const encoded = (block.toString('base64').match(/.{1,76}/g) ?? []).join('\n') + '\n';
      let remaining = attachmentBytes;
      while (remaining >= block.length) {
        yield encoded;
        remaining -= block.length;
      }
      if (remaining > 0) yield (block.subarray(0, remaining).toString('base64').match(/.{1,76}/g) ?? []).join('\n') + '\n';
      yield `--${boundary}--\n`;
    },
  };
}


// What Dovecot serves of a message: its bytes with CRLF line ends, by name.
export type ServedSource = { readonly size: number; readonly sha256: string };

// Writes each message into tmp/ chunk by chunk, then renames it into cur/ with the sizes
// Dovecot reads from the name (S= the LF file, W= the CRLF size it serves). Returns the size
// and SHA-256 of each as served, to check what a client stored.
export function writeHostileMessages(
  server: DovecotServer,
  username: string,
  folder: string,
  messages: readonly HostileMessage[],
): ReadonlyMap<string, ServedSource> {
  const served = new Map<string, ServedSource>();
  // Creates the Maildir folders (no messages).
  writeMaildirMessages(server, username, folder, []);
  const path = maildirFolderPath(server, username, folder);
  const stamp = Math.floor(Date.now() / 1000);
  for (const [index, message] of messages.entries()) {
    const tmpFile = join(path, 'tmp', `hostile-${index}-${process.pid}`);
    const fd = openSync(tmpFile, 'wx', 0o600);
    let size = 0;
    let lines = 0;
    const hash = createHash('sha256');
    try {
      for (const chunk of message.chunks()) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        let from = 0;
        for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) {
          lines += 1;
          hash.update(bytes.subarray(from, at));
          hash.update(crlf);
          from = at + 1;
        }
        hash.update(bytes.subarray(from));
        writeSync(fd, bytes);
        size += bytes.length;
      }
      fchownSync(fd, server.mailUid, server.mailGid);
      // INTERNALDATE: Dovecot takes the file's time.
      const date = messageDate(index, message.daysOld ?? 0);
      futimesSync(fd, date, date);
    } finally {
      closeSync(fd);
    }
    const base = `${stamp}.M${index}P${process.pid}.hostile,S=${size},W=${size + lines}`;
    renameSync(tmpFile, join(path, 'cur', `${base}:2,`));
    served.set(message.name, { size: size + lines, sha256: hash.digest('hex') });
  }
  return served;
}
