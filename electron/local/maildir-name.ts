// Maildir file names (https://cr.yp.to/proto/maildir.html): a unique base name, then the
// info ":2," followed by the flag letters in ASCII order. Windows forbids ":" in file
// names, so there the separator is ";" as in other Maildir tools on Windows.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { MessageFlags } from '../../shared/domain.ts';

export const INFO_SEPARATOR = process.platform === 'win32' ? ';' : ':';

let sequence = 0;

// time.M<microseconds>P<pid>Q<sequence>R<random>.host: unique across processes and restarts
// without any shared counter; "/" and ":" in the host name are escaped as the spec asks.
export function uniqueBaseName(now = Date.now()): string {
  sequence += 1;
  const seconds = Math.floor(now / 1000);
  const micros = (now % 1000) * 1000;
  const host = hostname().replace(/\//g, '\\057').replace(/:/g, '\\072').replace(/;/g, '\\073') || 'localhost';
  return `${seconds}.M${micros}P${process.pid}Q${sequence}R${randomBytes(6).toString('hex')}.${host}`;
}

export type MaildirFlags = Pick<MessageFlags, 'seen' | 'flagged' | 'answered' | 'draft' | 'deleted'>;

// D draft, F flagged, R replied, S seen, T trashed: ASCII order.
export function flagLetters(flags: MaildirFlags): string {
  return `${flags.draft ? 'D' : ''}${flags.flagged ? 'F' : ''}${flags.answered ? 'R' : ''}${flags.seen ? 'S' : ''}${flags.deleted ? 'T' : ''}`;
}

export function fileNameFor(baseName: string, flags: MaildirFlags): string {
  return `${baseName}${INFO_SEPARATOR}2,${flagLetters(flags)}`;
}

// The base name of a file in cur/ (or new/, where there is no info yet).
export function baseNameOf(fileName: string): string {
  const at = fileName.indexOf(`${INFO_SEPARATOR}2,`);
  return at < 0 ? fileName : fileName.slice(0, at);
}

export function flagsOfFileName(fileName: string): MaildirFlags {
  const at = fileName.indexOf(`${INFO_SEPARATOR}2,`);
  const letters = at < 0 ? '' : fileName.slice(at + 3);
  return {
    draft: letters.includes('D'),
    flagged: letters.includes('F'),
    answered: letters.includes('R'),
    seen: letters.includes('S'),
    deleted: letters.includes('T'),
  };
}

// Maildir++ (as Dovecot and Courier lay it out): the Inbox is the root, a folder "A/B" is
// the directory ".A.B". Names are ours, so "." inside a segment is replaced rather than escaped.
export function folderDirectoryName(path: string): string {
  if (path.toUpperCase() === 'INBOX') return '';
  const name = `.${path.split('/').map((segment) => segment.replace(/\./g, '_')).join('.')}`;
  // Local folder names are the user's and checked (shared/folders/folder-name.ts), but the
  // directory stays one name under the root whatever reaches here: no NUL or control
  // character, no Windows separator, never "." or ".." (the paths "" and "/").
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[\u0000-\u001f]/g, '_').replace(process.platform === 'win32' ? /\\/g : /$^/g, '_');
  if (safe === '.' || safe === '..') throw new Error(`A local folder cannot be kept under the directory name ${JSON.stringify(safe)}`);
  return safe;
}
