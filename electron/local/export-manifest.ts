// MANIFEST of a whole-account export (README.md, "Whole-account export"): a text file at the
// export's root that names every folder and every message file with its SHA-256 and size, so
// an import can verify each byte before it commits anything, and any other tool can check it
// with sha256sum. Format 1, UTF-8, LF line ends:
//
//   Letterbox account export 1
//   account "Work" "me@example.org"
//   folder "" ["INBOX"]
//   folder ".Lists.Dev" ["Lists","Dev"]
//   missing ".Lists.Dev" "Subject of a message left out, and why"
//   <sha256 hex> <size in bytes> <relative path>
//
// Strings are JSON. A folder line gives the Maildir++ directory ("" is the root, the Inbox)
// and the folder's path as its segments, so the server's hierarchy delimiter does not matter.
// File paths are DIR/cur/NAME (cur/NAME in the root), NAME a Maildir name whose info part
// ":2,FLAGS" (";2,FLAGS" on Windows) carries the flags.
import { createHash } from 'node:crypto';
import type { MaildirFlags } from './maildir-name.ts';

export const MANIFEST_NAME = 'MANIFEST';
const HEADER = 'Letterbox account export 1';

export type ManifestFolder = { readonly dir: string; readonly segments: readonly string[] };
export type ManifestFile = { readonly sha256: string; readonly size: number; readonly path: string };
export type ManifestMissing = { readonly dir: string; readonly what: string };

export type Manifest = {
  readonly account: { readonly name: string; readonly email: string };
  readonly folders: readonly ManifestFolder[];
  readonly files: readonly ManifestFile[];
  readonly missing: readonly ManifestMissing[];
};

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// Sorted, so two exports of the same mail write the same MANIFEST.
export function formatManifest(manifest: Manifest): string {
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const lines = [HEADER, `account ${JSON.stringify(manifest.account.name)} ${JSON.stringify(manifest.account.email)}`];
  for (const folder of [...manifest.folders].sort((a, b) => byText(a.dir, b.dir))) {
    lines.push(`folder ${JSON.stringify(folder.dir)} ${JSON.stringify(folder.segments)}`);
  }
  for (const item of [...manifest.missing].sort((a, b) => byText(a.dir, b.dir) || byText(a.what, b.what))) {
    lines.push(`missing ${JSON.stringify(item.dir)} ${JSON.stringify(item.what)}`);
  }
  for (const file of [...manifest.files].sort((a, b) => byText(a.path, b.path))) {
    lines.push(`${file.sha256} ${file.size} ${file.path}`);
  }
  return `${lines.join('\n')}\n`;
}

export class ManifestError extends Error {}

const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const FOLDER_LINE = new RegExp(String.raw`^folder (${JSON_STRING}) (\[.*\])$`);
const MISSING_LINE = new RegExp(String.raw`^missing (${JSON_STRING}) (${JSON_STRING})$`);
const ACCOUNT_LINE = new RegExp(String.raw`^account (${JSON_STRING}) (${JSON_STRING})$`);
const FILE_LINE = /^([0-9a-f]{64}) (0|[1-9][0-9]{0,11}) (.+)$/;

// A Maildir++ directory under the export's root: "" or ".Name" with no separator, never "." or "..".
export function isFolderDir(dir: string): boolean {
  // eslint-disable-next-line no-control-regex
  return dir === '' || (dir.startsWith('.') && dir !== '.' && dir !== '..' && !/[/\\\u0000-\u001f]/.test(dir));
}

// A message file's name: no separator, no control character, not hidden.
function isMessageName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name !== '' && !name.startsWith('.') && !/[/\\\u0000-\u001f]/.test(name);
}

export function folderDirOfPath(path: string): string | null {
  const parts = path.split('/');
  if (parts.length === 2 && parts[0] === 'cur' && isMessageName(parts[1] ?? '')) return '';
  if (parts.length === 3 && parts[1] === 'cur' && isFolderDir(parts[0] ?? '') && parts[0] !== '' && isMessageName(parts[2] ?? '')) return parts[0] ?? null;
  return null;
}

// Throws ManifestError naming the line; every path is checked to stay inside the export.
export function parseManifest(text: string): Manifest {
  const lines = text.split('\n');
  if (lines[0] !== HEADER) throw new ManifestError(`This is not a Letterbox account export: MANIFEST does not begin with "${HEADER}".`);
  let account: Manifest['account'] | null = null;
  const folders: ManifestFolder[] = [];
  const files: ManifestFile[] = [];
  const missing: ManifestMissing[] = [];
  const dirs = new Set<string>();
  const paths = new Set<string>();
  for (const [index, line] of lines.slice(1).entries()) {
    const bad = (why: string): ManifestError => new ManifestError(`MANIFEST line ${index + 2} ${why}.`);
    if (line === '') continue;
    let match = ACCOUNT_LINE.exec(line);
    if (match) {
      account = { name: JSON.parse(match[1] ?? '""') as string, email: JSON.parse(match[2] ?? '""') as string };
      continue;
    }
    match = FOLDER_LINE.exec(line);
    if (match) {
      const dir = JSON.parse(match[1] ?? '""') as string;
      let segments: unknown;
      try {
        segments = JSON.parse(match[2] ?? '[]');
      } catch {
        throw bad('has a folder path that is not a JSON list');
      }
      if (!isFolderDir(dir)) throw bad(`names the folder directory ${JSON.stringify(dir)}, which is not one directory inside the export`);
      if (!Array.isArray(segments) || segments.length === 0 || !segments.every((segment) => typeof segment === 'string' && segment !== '')) {
        throw bad('has a folder path that is not a list of names');
      }
      if (dirs.has(dir)) throw bad(`lists the folder directory ${JSON.stringify(dir)} twice`);
      dirs.add(dir);
      folders.push({ dir, segments: segments as string[] });
      continue;
    }
    match = MISSING_LINE.exec(line);
    if (match) {
      missing.push({ dir: JSON.parse(match[1] ?? '""') as string, what: JSON.parse(match[2] ?? '""') as string });
      continue;
    }
    match = FILE_LINE.exec(line);
    if (match) {
      const path = match[3] ?? '';
      if (folderDirOfPath(path) === null) throw bad(`names the file ${JSON.stringify(path)}, which is not DIR/cur/NAME inside the export`);
      if (paths.has(path)) throw bad(`lists ${path} twice`);
      paths.add(path);
      files.push({ sha256: match[1] ?? '', size: Number(match[2]), path });
      continue;
    }
    throw bad('is not a folder, missing or file line');
  }
  if (account === null) throw new ManifestError('MANIFEST has no account line.');
  for (const file of files) {
    if (!dirs.has(folderDirOfPath(file.path) ?? '')) throw new ManifestError(`MANIFEST lists ${file.path}, but not its folder.`);
  }
  return { account, folders, files, missing };
}

// The flags in a Maildir name's info part, whichever separator wrote it.
export function flagsOfExportName(name: string): MaildirFlags {
  const letters = /[:;]2,([A-Za-z]*)$/.exec(name)?.[1] ?? '';
  return { draft: letters.includes('D'), flagged: letters.includes('F'), answered: letters.includes('R'), seen: letters.includes('S'), deleted: letters.includes('T') };
}
