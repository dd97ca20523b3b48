// Test mail: varied RFC 5322 messages, and two ways to put them into a Dovecot mailbox.
import {
  mkdirSync,
  writeFileSync,
  renameSync,
  chownSync,
  existsSync,
  openSync,
  writeSync,
  fchownSync,
  futimesSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { DovecotServer } from './dovecot.ts';
import { openRawImap, parseAppendUid, quoted } from './raw-imap.ts';

export type MessageKind = 'plain' | 'html' | 'attachment' | 'utf8-subject';

export type GenerateOptions = {
  readonly kind?: MessageKind;
  readonly date?: Date;
  readonly from?: string;
  readonly to?: string;
  readonly subject?: string;
};

export type SeedMessage = {
  readonly raw: string | Buffer;
  readonly flags?: readonly string[];
  readonly internalDate?: Date;
};

const BASE_DATE = Date.UTC(2024, 0, 1, 8, 0, 0);

// Message i is dated i minutes after the base date, so higher i means newer mail.
export function seedDate(i: number): Date {
  return new Date(BASE_DATE + i * 60_000);
}

export function seedMessageId(i: number): string {
  return `<seed-${i}@letterbox.test>`;
}

// Cycles through the kinds so any run of 4 consecutive messages has each of them.
export function seedKind(i: number): MessageKind {
  const kinds: readonly MessageKind[] = ['plain', 'utf8-subject', 'html', 'attachment'];
  return kinds[i % kinds.length] ?? 'plain';
}

// The subject generateMessage(i) carries, decoded.
export function seedSubject(i: number, kind: MessageKind = seedKind(i)): string {
  return kind === 'utf8-subject' ? `Grüße aus Köln №${i} — 日本語` : `Test message ${i}`;
}

function encodedWord(text: string): string {
  // RFC 2047 4.1: B encoding; one word is enough for these short subjects (limit 75 chars
  // per word is not enforced by the servers we test, but we stay well under it anyway).
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function wrapBase64(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export function generateMessage(i: number, options: GenerateOptions = {}): string {
  const kind = options.kind ?? seedKind(i);
  const date = options.date ?? seedDate(i);
  const subject = options.subject ?? seedSubject(i, kind);
  const from = options.from ?? `Sender ${i % 17} <sender${i % 17}@example.org>`;
  const to = options.to ?? 'Alice Example <alice@example.org>';
  const subjectHeader = /^[\x20-\x7e]*$/.test(subject) ? subject : encodedWord(subject);
  const headers = [
    `From: ${from}`,
    `To: ${to}`,
    ...(i % 5 === 0 ? ['Cc: Bob Example <bob@example.org>'] : []),
    `Subject: ${subjectHeader}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${seedMessageId(i)}`,
    'MIME-Version: 1.0',
  ];
  const text = `Hello,\r\n\r\nthis is message number ${i}.\r\nIt has a few lines of text.\r\n`;
  let body: string[];
  if (kind === 'html') {
    const boundary = `alt-${i}`;
    headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
    body = [
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      `<html><body><p>Hello,</p><p>this is <b>message ${i}</b>.</p></body></html>`,
      `--${boundary}--`,
      '',
    ];
  } else if (kind === 'attachment') {
    const boundary = `mixed-${i}`;
    headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
    const attachment = Buffer.from(`Report ${i}\n${'0123456789'.repeat(20)}\n`, 'utf8');
    body = [
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="report-${i}.bin"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="report-${i}.bin"`,
      '',
      wrapBase64(attachment),
      `--${boundary}--`,
      '',
    ];
  } else {
    headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
    body = [text];
  }
  return `${headers.join('\r\n')}\r\n\r\n${body.join('\r\n')}`;
}

export type AppendedMessage = {
  readonly uid: number | null;
  readonly uidValidity: number | null;
};

export async function connectAs(server: DovecotServer, username: string): Promise<ImapFlow> {
  const user = server.user(username);
  const client = new ImapFlow({
    host: server.host,
    port: server.imapsPort,
    secure: true,
    tls: { ca: [server.caCertificate] },
    auth: { user: user.username, pass: user.password },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => {
    // Errors surface through the rejected command; the event must not crash the test process.
  });
  await client.connect();
  return client;
}

// RFC 3501 6.3.11 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz".
function imapDateTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}-${months[date.getUTCMonth()] ?? 'Jan'}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

// APPEND through IMAP, for messages with keywords or when UIDs must be known. Creates the
// folder when missing. Messages are stored in order, so their UIDs ascend with the index.
export async function appendMessages(
  server: DovecotServer,
  username: string,
  folder: string,
  messages: readonly SeedMessage[],
): Promise<readonly AppendedMessage[]> {
  const user = server.user(username);
  const imap = await openRawImap(server.host, server.imapsPort, server.caCertificate, user.username, user.password);
  const results: AppendedMessage[] = [];
  try {
    if (folder.toUpperCase() !== 'INBOX') {
      await imap.command([`CREATE ${quoted(folder)}`]).catch((error: unknown) => {
        if (!/ALREADYEXISTS/.test(String(error))) throw error;
      });
    }
    // One MULTIAPPEND per batch keeps each command's literals to a few megabytes.
    const batchSize = 500;
    for (let start = 0; start < messages.length; start += batchSize) {
      const batch = messages.slice(start, start + batchSize);
      const parts: (string | Buffer)[] = [`APPEND ${quoted(folder)}`];
      for (const message of batch) {
        const raw = Buffer.isBuffer(message.raw) ? message.raw : Buffer.from(message.raw, 'utf8');
        const flags = message.flags === undefined ? '' : ` (${message.flags.join(' ')})`;
        const date = message.internalDate === undefined ? '' : ` "${imapDateTime(message.internalDate)}"`;
        parts.push(`${flags}${date} {${raw.length}+}\r\n`, raw);
      }
      const appended = parseAppendUid(await imap.command(parts));
      batch.forEach((_, index) => {
        results.push({
          uid: appended?.uids[index] ?? null,
          uidValidity: appended?.uidValidity ?? null,
        });
      });
    }
  } finally {
    imap.close();
  }
  return results;
}

// Maildir info letters for system flags, kept in ASCII order as the Maildir spec requires.
const MAILDIR_FLAG_LETTERS: ReadonlyMap<string, string> = new Map([
  ['\\Draft', 'D'],
  ['\\Flagged', 'F'],
  ['\\Answered', 'R'],
  ['\\Seen', 'S'],
  ['\\Deleted', 'T'],
]);

export function maildirFolderPath(server: DovecotServer, username: string, folder: string): string {
  const root = server.maildir(username);
  if (folder.toUpperCase() === 'INBOX') return root;
  // Maildir++: folder "Work/Projects" with separator "/" lives in ".Work.Projects".
  return join(root, `.${folder.split('/').join('.')}`);
}

function ensureMaildir(path: string, uid: number, gid: number, isSubfolder: boolean): void {
  for (const sub of ['', 'cur', 'new', 'tmp']) {
    const dir = join(path, sub);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chownSync(dir, uid, gid);
    }
  }
  const marker = join(path, 'maildirfolder');
  if (isSubfolder && !existsSync(marker)) {
    writeFileSync(marker, '');
    chownSync(marker, uid, gid);
  }
}

// The fast path for big mailboxes: files written straight into cur/, indexed by Dovecot at
// the next SELECT. System flags only (keywords would need dovecot-keywords: use APPEND).
// The message's internal date becomes the file's mtime.
// Messages made one at a time, so a benchmark's 100,000 are never all in memory at once.
export type GeneratedMessages = { readonly count: number; readonly message: (index: number) => string | Buffer };

export function writeMaildirMessages(
  server: DovecotServer,
  username: string,
  folder: string,
  raws: readonly (string | Buffer)[] | GeneratedMessages,
  flagsFor?: (index: number) => readonly string[],
  internalDateFor?: (index: number) => Date,
): void {
  const root = server.maildir(username);
  ensureMaildir(root, server.mailUid, server.mailGid, false);
  const path = maildirFolderPath(server, username, folder);
  ensureMaildir(path, server.mailUid, server.mailGid, path !== root);
  const stamp = Math.floor(Date.now() / 1000);
  const count = Array.isArray(raws) ? raws.length : (raws as GeneratedMessages).count;
  for (let index = 0; index < count; index += 1) {
    const raw = Array.isArray(raws) ? (raws[index] as string | Buffer) : (raws as GeneratedMessages).message(index);
    const crlf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
    // Dovecot keeps LF on disk and serves CRLF; S= is the file size, W= the RFC 822 (CRLF) size.
    const lf = Buffer.from(crlf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    const flags = flagsFor?.(index) ?? [];
    const letters = flags
      .map((flag) => {
        const letter = MAILDIR_FLAG_LETTERS.get(flag);
        if (letter === undefined) throw new Error(`writeMaildirMessages handles system flags only, not ${flag}`);
        return letter;
      })
      .sort()
      .join('');
    const base = `${stamp}.M${index}P${process.pid}.letterbox,S=${lf.length},W=${crlf.length}`;
    const tmpFile = join(path, 'tmp', base);
    const curFile = join(path, 'cur', `${base}:2,${letters}`);
    // One descriptor per file: fchown/futimes avoid three more path lookups per message.
    const fd = openSync(tmpFile, 'wx', 0o600);
    try {
      writeSync(fd, lf);
      fchownSync(fd, server.mailUid, server.mailGid);
      const date = internalDateFor?.(index);
      if (date !== undefined) futimesSync(fd, date, date);
    } finally {
      closeSync(fd);
    }
    renameSync(tmpFile, curFile);
  }
}
