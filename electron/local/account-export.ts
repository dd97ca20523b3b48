// A whole account written to a directory as Maildir++ with a MANIFEST of checksums, and such
// a directory imported into Local Folders after every checksum has been verified
// (docs/decisions.md, "Whole-account export"; the layout is in README.md).
//
// Message files are named by their SHA-256 (".2", ".3" for identical copies) with the flags
// in the Maildir info part, so the same mail always exports to the same names and an
// export, imported and exported again, gives byte-identical files and MANIFEST lines.
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { createLocalFolderTree } from './local-folder-tree.ts';
import type { AccountExportReport, AccountImportReport } from '../../shared/local/account-export-types.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import type { StoredMessage } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import {
  MANIFEST_NAME,
  ManifestError,
  flagsOfExportName,
  folderDirOfPath,
  formatManifest,
  parseManifest,
  sha256Hex,
  type Manifest,
  type ManifestFile,
  type ManifestFolder,
  type ManifestMissing,
} from './export-manifest.ts';
import type { LocalFolders } from './local-folders.ts';
import { folderDirectoryName, INFO_SEPARATOR, flagLetters } from './maildir-name.ts';

// Messages per delivery on import: one transaction and one directory fsync each.
const IMPORT_BATCH = 50;
// A MANIFEST larger than this is not one we wrote (about a million files).
const MAX_MANIFEST_BYTES = 128 * 1024 * 1024;
const PAGE = 1000;

export type AccountExportOptions = {
  readonly store: Store;
  readonly local: LocalFolders;
  // The exact bytes of any message: its Maildir file, the cache, or the server (which also
  // caches it). Throws a LetterboxError when it cannot be had (offline, gone).
  readonly sourceOf: (messageId: string) => Promise<Buffer>;
};

export type AccountExports = {
  exportAccount(accountId: string, directory: string): Promise<AccountExportReport>;
  importExport(directory: string, folderName: string): Promise<AccountImportReport>;
};

// The path the user typed, as main will use it: absolute, nothing else assumed.
export function exportDirectory(directory: string): string {
  const trimmed = directory.trim();
  if (!isAbsolute(trimmed)) throw new LetterboxError('invalid-argument', 'Give the full path of the directory (for example /home/me/mail-backup).');
  return resolve(trimmed);
}

function segmentsOf(folder: StoredFolder): readonly string[] {
  if (folder.role === 'inbox' || folder.path.toUpperCase() === 'INBOX') return ['INBOX'];
  const delimiter = folder.delimiter;
  return (delimiter === null || delimiter === '' ? [folder.path] : folder.path.split(delimiter)).map((segment) => (segment === '' ? '_' : segment));
}

// Maildir++ directory of a folder from its segments: "/" inside a segment (a server whose
// delimiter is ".") must not split it again.
function dirOfSegments(segments: readonly string[]): string {
  if (segments.length === 1 && segments[0]?.toUpperCase() === 'INBOX') return '';
  return folderDirectoryName(segments.map((segment) => segment.replace(/\//g, '_')).join('/'));
}

function describe(message: StoredMessage): string {
  const subject = message.subject.trim() === '' ? '(no subject)' : message.subject.trim();
  return `"${subject.slice(0, 120)}" in ${message.folderPath}`;
}

export function createAccountExports(options: AccountExportOptions): AccountExports {
  const { store, local } = options;
  const tree = createLocalFolderTree(store);

  async function messagesOf(folderId: string): Promise<readonly StoredMessage[]> {
    const messages: StoredMessage[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.messages.listPage(folderId, offset, PAGE);
      if (page === null) return messages;
      for (const item of page.items) {
        const stored = await store.messages.get(item.id);
        if (stored !== null) messages.push(stored);
      }
      if (page.items.length < PAGE) return messages;
    }
  }

  // A new directory, or an empty one: an export never mixes with other files, so an import
  // never finds a MANIFEST beside files it did not write.
  async function prepareTarget(target: string): Promise<void> {
    try {
      const info = await lstat(target);
      if (!info.isDirectory()) throw new LetterboxError('already-exists', `${target} exists and is not a directory. Choose a new or empty directory.`);
      if ((await readdir(target)).length > 0) throw new LetterboxError('already-exists', `${target} is not empty. Choose a new or empty directory.`);
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
    await mkdir(target, { recursive: true, mode: 0o700 });
  }

  async function ensureLocalFolders(paths: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return tree.add((await local.account()).accountId, paths);
  }

  // Every listed file is read and hashed before anything is committed. Problems are
  // collected, so the error names each damaged file, not only the first.
  async function verify(root: string, manifest: Manifest): Promise<void> {
    const problems: string[] = [];
    for (const file of manifest.files) {
      const path = join(root, ...file.path.split('/'));
      let info;
      try {
        info = await lstat(path);
      } catch {
        problems.push(`${file.path} is missing`);
        continue;
      }
      if (!info.isFile()) {
        problems.push(`${file.path} is not a regular file`);
        continue;
      }
      if (info.size !== file.size) {
        problems.push(`${file.path} has ${info.size} bytes, MANIFEST says ${file.size}`);
        continue;
      }
      if (sha256Hex(await readFile(path)) !== file.sha256) problems.push(`${file.path} does not match its SHA-256 in MANIFEST`);
    }
    if (problems.length > 0) {
      const shown = problems.slice(0, 20).join('; ');
      const more = problems.length > 20 ? ` (and ${problems.length - 20} more)` : '';
      throw new LetterboxError(
        'invalid-argument',
        `This export is damaged, so nothing was imported: ${problems.length} of ${manifest.files.length} files failed the check: ${shown}${more}.`,
      );
    }
  }

  return {
    async exportAccount(accountId, directory) {
      const account = await store.accounts.get(accountId);
      if (account === null) throw new LetterboxError('not-found', 'That account no longer exists.');
      if (account.kind === 'pop3') {
        throw new LetterboxError('invalid-argument', 'A POP3 account keeps its mail in Local Folders: export Local Folders instead.');
      }
      const target = exportDirectory(directory);
      await prepareTarget(target);
      const folders: ManifestFolder[] = [];
      const files: ManifestFile[] = [];
      const missing: ManifestMissing[] = [];
      const missingText: string[] = [];
      const dirs = new Set<string>();
      let bytes = 0;
      for (const folder of await store.folders.listByAccount(accountId)) {
        if (!folder.selectable) continue;
        const segments = segmentsOf(folder);
        let dir = dirOfSegments(segments);
        // Two server names may map to one directory ("a.b" and "a/b"): the second gets a suffix.
        for (let n = 2; dirs.has(dir); n += 1) dir = `${dirOfSegments(segments)}_${n}`;
        dirs.add(dir);
        folders.push({ dir, segments });
        const cur = join(target, dir, 'cur');
        await Promise.all(['cur', 'new', 'tmp'].map((sub) => mkdir(join(target, dir, sub), { recursive: true, mode: 0o700 })));
        const names = new Set<string>();
        for (const message of await messagesOf(folder.id)) {
          let source: Buffer;
          try {
            source = await options.sourceOf(message.id);
          } catch (error) {
            if (!(error instanceof LetterboxError)) throw error;
            missing.push({ dir, what: `${describe(message)}: ${error.message}` });
            missingText.push(`${describe(message)}: ${error.message}`);
            continue;
          }
          const sha256 = sha256Hex(source);
          const info = `${INFO_SEPARATOR}2,${flagLetters(message.flags)}`;
          let name = `${sha256}${info}`;
          for (let n = 2; names.has(name); n += 1) name = `${sha256}.${n}${info}`;
          names.add(name);
          await writeFile(join(cur, name), source, { mode: 0o600, flag: 'wx' });
          files.push({ sha256, size: source.length, path: dir === '' ? `cur/${name}` : `${dir}/cur/${name}` });
          bytes += source.length;
        }
      }
      // Written last: a directory without MANIFEST is an export that did not finish.
      const text = formatManifest({ account: { name: account.name, email: account.email }, folders, files, missing });
      await writeFile(join(target, MANIFEST_NAME), text, { mode: 0o600, flag: 'wx' });
      return { directory: target, folders: folders.length, messages: files.length, bytes, missing: missingText };
    },

    async importExport(directory, folderName) {
      const root = exportDirectory(directory);
      const name = folderName.trim();
      const manifestPath = join(root, MANIFEST_NAME);
      let text: string;
      try {
        const info = await lstat(manifestPath);
        if (!info.isFile() || info.size > MAX_MANIFEST_BYTES) throw new LetterboxError('invalid-argument', `${manifestPath} is not a MANIFEST Letterbox wrote.`);
        text = await readFile(manifestPath, 'utf8');
      } catch (error) {
        if (error instanceof LetterboxError) throw error;
        throw new LetterboxError('not-found', `${root} holds no MANIFEST: choose the directory an account export was written to.`);
      }
      let manifest: Manifest;
      try {
        manifest = parseManifest(text);
      } catch (error) {
        if (error instanceof ManifestError) throw new LetterboxError('invalid-argument', `${error.message} Nothing was imported.`);
        throw error;
      }
      const account = await local.account();
      const existing = await store.folders.listByAccount(account.accountId);
      if (existing.some((folder) => folder.path === name)) {
        throw new LetterboxError('already-exists', `Local Folders already have a folder named "${name}". Choose another name for the import.`);
      }
      await verify(root, manifest);

      // The export's Inbox becomes the new folder itself; its other folders go beneath it.
      const pathOf = (folder: ManifestFolder): string =>
        folder.dir === '' ? name : [name, ...folder.segments.map((segment) => segment.replace(/\//g, '_'))].join('/');
      const ids = await ensureLocalFolders([name, ...manifest.folders.map(pathOf)]);
      const byDir = new Map(manifest.folders.map((folder) => [folder.dir, ids.get(pathOf(folder))]));
      // Each file is read again and checked once more as it is delivered: one changed since
      // the check stops the import there, saying which.
      const ordered = [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      let imported = 0;
      for (const folder of manifest.folders) {
        const folderId = byDir.get(folder.dir);
        if (folderId === undefined) continue;
        const inFolder = ordered.filter((file) => folderDirOfPath(file.path) === folder.dir);
        for (let start = 0; start < inFolder.length; start += IMPORT_BATCH) {
          const batch = await Promise.all(
            inFolder.slice(start, start + IMPORT_BATCH).map(async (file) => {
              const source = await readFile(join(root, ...file.path.split('/')));
              if (sha256Hex(source) !== file.sha256) {
                throw new LetterboxError(
                  'invalid-argument',
                  `${file.path} changed while it was being imported; ${imported} messages were imported into "${name}" before it. Import the export again into a new folder.`,
                );
              }
              const fileName = file.path.slice(file.path.lastIndexOf('/') + 1);
              return { source, size: source.length, ledger: null, flags: flagsOfExportName(fileName) };
            }),
          );
          await local.deliver(folderId, batch);
          imported += batch.length;
        }
      }
      const top = ids.get(name);
      if (top === undefined) throw new LetterboxError('internal', 'The folder for the import was not created.');
      return { folderId: top, folders: manifest.folders.length, imported, missingInExport: manifest.missing.length };
    },
  };
}
