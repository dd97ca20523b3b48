// Local Folders: messages kept on this computer as Maildir files under DATA_DIR/local/, indexed
// in the store. Delivery order (docs/decisions.md, "Local Folders are Maildir files"):
//   1. write each message into tmp/ and fsync it;
//   2. commit its messages row, local_files row (and POP3 ledger row) in one transaction;
//   3. rename it into cur/ with its flags in the name, and fsync cur/.
// A crash before 2 leaves only a file in tmp/, which recover() deletes (nothing refers to
// it, and a POP3 message not in the ledger is downloaded again). A crash between 2 and 3
// leaves a committed row whose file is still in tmp/: recover() and every read finish the
// rename. So cur/ never holds a file the store does not know, and the store never names a
// message whose bytes are not durable.
import { join } from 'node:path';
import type { MessageFlags } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { crashPoint } from '../crash/crash-point.ts';
import type { Store } from '../store/store.ts';
import { diskWriteError } from './disk-write-error.ts';
import type { LocalAccount, LocalFile, LocalMessageInput, SavedOrigin } from './local-repository.ts';
import { sharedBodyTextPool } from '../search/body-text-pool.ts';
import { parseLocalHeader, type ParsedLocalMessage } from './local-header.ts';
import {
  ensureMaildirFolder,
  exists,
  isMissing,
  listIfExists,
  maildirFolder,
  readIfExists,
  removeIfExists,
  renameFile,
  syncDirectory,
  writeDurably,
  type MaildirFolder,
} from './maildir-files.ts';
import { baseNameOf, fileNameFor, flagsOfFileName, folderDirectoryName, uniqueBaseName, type MaildirFlags } from './maildir-name.ts';
import { maildirDirectoryNames, maildirFolderAt, maildirParts, moveMaildirFolder, removeMaildirFolder } from './maildir-directories.ts';

export type IncomingMessage = {
  // The whole message, or null when only its header is kept (the rest fetched on request).
  readonly source: Buffer | null;
  // What the header is parsed from when source is null (POP3 TOP n 0).
  readonly headerSource?: Buffer;
  readonly size: number;
  readonly ledger: { readonly accountId: string; readonly uidl: string } | null;
  // Saved from an IMAP folder: recorded with the copy (local_saves), see save-locally.ts.
  readonly origin?: SavedOrigin;
  // Delivered as read (imports keep the read state they were given).
  readonly seen?: boolean;
  // Every Maildir flag, for an import of a whole-account export (account-export.ts).
  readonly flags?: MaildirFlags;
};

export type LocalFolders = {
  readonly root: string;
  account(): Promise<LocalAccount>;
  deliver(folderId: string, messages: readonly IncomingMessage[], now?: number): Promise<readonly string[]>;
  // The message's bytes from its file; null when only its header is kept.
  readSource(messageRef: string): Promise<Buffer | null>;
  // Keeps the whole source of a headers-only message.
  complete(messageRef: string, source: Buffer): Promise<void>;
  fileAt(folderPath: string, uid: number): Promise<{ readonly file: LocalFile; readonly path: string } | null>;
  renameFlags(file: LocalFile, flags: MaildirFlags): Promise<void>;
  moveFile(file: LocalFile, targetPath: string): Promise<number>;
  removeFile(file: LocalFile): Promise<void>;
  // Finishes or discards what a crash left in tmp/ (see above), and moves the files of a
  // folder rename or delete that a crash interrupted to where the store says they are.
  recover(): Promise<void>;
  // The disk side of renaming and deleting folders (local-folder-changes.ts), each run
  // after the store's commit: a folder's directory moves to its new path; a deleted
  // folder's files go where the store now puts them (Trash) and its directory goes;
  // 'discard' also deletes the files the store no longer lists (deleted for good).
  moveFolderDirectories(moves: readonly { readonly from: string; readonly to: string }[]): Promise<void>;
  settleFolders(paths: readonly string[], leftovers: 'keep' | 'discard'): Promise<void>;
  // Files of a folder that stays (emptied Trash) whose rows are gone: deleted.
  removeUnlisted(folderPath: string, baseNames: ReadonlySet<string>): Promise<void>;
};

const NO_FLAGS: MessageFlags = { seen: false, flagged: false, answered: false, draft: false, deleted: false };

// Parsed on a body text thread (issue 9, hostile sizes: local-header.ts), from the file just
// written when there is one. A thread that dies on it (memory, a parser bug) leaves the
// message with the envelope of its header, read here, and stored unindexed: keeping it is
// what matters.
async function readLocalMessage(source: Buffer, writtenAt: string | null, size: number, receivedAt: number): Promise<ParsedLocalMessage> {
  try {
    return await sharedBodyTextPool().localMessage(writtenAt === null ? { source } : { path: writtenAt }, size, receivedAt);
  } catch {
    return { header: await parseLocalHeader(source, size, receivedAt), bodyText: { body: '', fileNames: [] } };
  }
}

export function createLocalFolders(store: Store, dataDir: string): LocalFolders {
  const root = join(dataDir, 'local');

  async function folderOfPath(path: string): Promise<{ readonly id: string; readonly dir: MaildirFolder }> {
    const id = await store.local.folderIdByPath(path);
    if (id === null) throw new LetterboxError('not-found', `The local folder "${path}" no longer exists.`);
    return { id, dir: maildirFolder(root, path) };
  }

  async function storeFolderDirs(): Promise<readonly MaildirFolder[]> {
    const account = await store.local.localAccount();
    const folders = await store.folders.listByAccount(account.accountId);
    return folders.map((folder) => maildirFolder(root, folder.path));
  }

  // Directories under the root that no folder of the store names: left by a folder rename
  // or delete whose commit was made and whose files had not all moved yet.
  async function orphanDirs(): Promise<readonly MaildirFolder[]> {
    const account = await store.local.localAccount();
    const named = new Set((await store.folders.listByAccount(account.accountId)).map((folder) => folderDirectoryName(folder.path)));
    return (await maildirDirectoryNames(root)).filter((name) => !named.has(name)).map((name) => maildirFolderAt(root, name));
  }

  async function allFolderDirs(): Promise<readonly MaildirFolder[]> {
    return [...(await storeFolderDirs()), ...(await orphanDirs())];
  }

  async function renameUnlessGone(from: string, to: string): Promise<boolean> {
    try {
      await renameFile(from, to);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  // Every file of these directories that the store knows goes where the store records it;
  // an unknown file in tmp/ is scratch and goes. Then each emptied directory is removed
  // ('discard': removed with whatever unknown files are left, a folder deleted for good).
  async function settle(dirs: readonly MaildirFolder[], leftovers: 'keep' | 'discard'): Promise<void> {
    const touched = new Set<string>();
    for (const dir of dirs) {
      for (const part of maildirParts) {
        for (const name of await listIfExists(dir[part])) {
          const file = await store.local.fileByBaseName(baseNameOf(name));
          if (file === null) {
            if (part === 'tmp') await removeIfExists(join(dir.tmp, name));
            continue;
          }
          const home = maildirFolder(root, file.folderPath);
          if (home.cur === dir.cur) continue;
          const fileName = part === 'tmp' ? file.fileName : name;
          await ensureMaildirFolder(home);
          // A read may have moved it home a moment ago (locate, above).
          if (!(await renameUnlessGone(join(dir[part], name), join(home.cur, fileName)))) continue;
          if (fileName !== file.fileName) await store.local.setFileName(file.baseName, fileName);
          touched.add(home.cur);
        }
      }
    }
    for (const cur of touched) await syncDirectory(cur);
    for (const dir of dirs) await removeMaildirFolder(dir, leftovers === 'discard' ? 'everything' : 'if-empty');
    if (dirs.length > 0) await syncDirectory(root);
  }

  // Where the file is now: its recorded place, else (a crash between a rename and its
  // commit) wherever its base name is, finishing a delivery left in tmp/.
  async function locate(file: LocalFile): Promise<string | null> {
    const recorded = maildirFolder(root, file.folderPath);
    const expected = join(recorded.cur, file.fileName);
    const pending = join(recorded.tmp, file.baseName);
    if (await exists(expected)) return expected;
    if (await exists(pending)) {
      // Recovery and a read (a save's verify) may finish the same delivery at once: the
      // one that finds the file gone finds it where the other put it.
      if (!(await renameUnlessGone(pending, expected)) && !(await exists(expected))) return null;
      await syncDirectory(recorded.cur);
      return expected;
    }
    for (const dir of await allFolderDirs()) {
      for (const sub of [dir.cur, dir.new]) {
        const found = (await listIfExists(sub)).find((name) => baseNameOf(name) === file.baseName);
        if (found === undefined) continue;
        const target = join(recorded.cur, found);
        await ensureMaildirFolder(recorded);
        if (!(await renameUnlessGone(join(sub, found), target)) && !(await exists(target))) return locate(file);
        await syncDirectory(recorded.cur);
        if (found !== file.fileName) await store.local.setFileName(file.baseName, found);
        return target;
      }
    }
    return null;
  }

  // `written` collects each tmp/ file as soon as it exists, so a failure can take them back.
  async function writeAll(dir: MaildirFolder, messages: readonly IncomingMessage[], now: number, written: string[]): Promise<readonly LocalMessageInput[]> {
    const inputs: LocalMessageInput[] = [];
    for (const message of messages) {
      let file: LocalMessageInput['file'] = null;
      let path: string | null = null;
      if (message.source !== null) {
        const baseName = uniqueBaseName(now);
        path = join(dir.tmp, baseName);
        await writeDurably(path, message.source);
        written.push(path);
        file = { baseName, fileName: fileNameFor(baseName, { ...NO_FLAGS, ...message.flags, seen: message.seen === true || message.flags?.seen === true }) };
      }
      const parsed = await readLocalMessage(message.source ?? message.headerSource ?? Buffer.alloc(0), path, message.size, now);
      inputs.push({
        header: parsed.header,
        file,
        bodyText: message.source === null ? null : parsed.bodyText,
        ledger: message.ledger === null ? null : { ...message.ledger, size: message.size, downloadedAt: now },
        origin: message.origin ?? null,
        seen: message.seen === true,
        ...(message.flags === undefined ? {} : { flags: message.flags }),
      });
    }
    return inputs;
  }

  async function moveIntoCur(dir: MaildirFolder, inputs: readonly LocalMessageInput[]): Promise<void> {
    let moved = false;
    for (const input of inputs) {
      if (input.file === null) continue;
      await renameFile(join(dir.tmp, input.file.baseName), join(dir.cur, input.file.fileName));
      moved = true;
    }
    if (moved) await syncDirectory(dir.cur);
  }

  return {
    root,
    account: () => store.local.localAccount(),
    async deliver(folderId, messages, now = Date.now()) {
      const path = await store.local.folderPath(folderId);
      if (path === null) throw new LetterboxError('not-found', 'That local folder no longer exists.');
      const dir = maildirFolder(root, path);
      const written: string[] = [];
      let ids: readonly string[];
      let inputs: readonly LocalMessageInput[];
      try {
        await ensureMaildirFolder(dir);
        inputs = await writeAll(dir, messages, now, written);
        ids = await store.local.insertMessages(folderId, inputs);
      } catch (error) {
        // Not committed: the files in tmp/ belong to no one. Removed now rather than at the
        // next start, so a full disk leaves nothing partial behind.
        await Promise.all(written.map((file) => removeIfExists(file).catch(() => false)));
        throw diskWriteError(error, root);
      }
      crashPoint('store-commit');
      await moveIntoCur(dir, inputs);
      return ids;
    },
    async readSource(messageRef) {
      const file = await store.local.fileOfMessage(messageRef);
      if (file === null) return null;
      const path = await locate(file);
      const source = path === null ? null : await readIfExists(path);
      if (source === null) {
        throw new LetterboxError('storage', `The file of this local message is missing from ${join(root, '')}. Restore it from a backup.`);
      }
      return source;
    },
    async complete(messageRef, source) {
      const stored = await store.messages.get(messageRef);
      if (stored === null) throw new LetterboxError('not-found', 'That message is no longer here.');
      const dir = maildirFolder(root, stored.folderPath);
      await ensureMaildirFolder(dir);
      const baseName = uniqueBaseName();
      await writeDurably(join(dir.tmp, baseName), source);
      const fileName = fileNameFor(baseName, stored.flags);
      const parsed = await readLocalMessage(source, join(dir.tmp, baseName), source.length, Date.now());
      if (!(await store.local.completeMessage(messageRef, { baseName, fileName }, parsed.bodyText))) {
        await removeIfExists(join(dir.tmp, baseName));
        return;
      }
      await renameFile(join(dir.tmp, baseName), join(dir.cur, fileName));
      await syncDirectory(dir.cur);
    },
    async fileAt(folderPath, uid) {
      const folder = await folderOfPath(folderPath);
      const file = await store.local.fileAt(folder.id, uid);
      if (file === null) return null;
      const path = await locate(file);
      return path === null ? null : { file, path };
    },
    async renameFlags(file, flags) {
      const path = await locate(file);
      if (path === null) return;
      const next = fileNameFor(file.baseName, { ...flagsOfFileName(file.fileName), ...flags });
      if (next === file.fileName) return;
      const dir = maildirFolder(root, file.folderPath);
      await renameFile(path, join(dir.cur, next));
      await store.local.setFileName(file.baseName, next);
    },
    async moveFile(file, targetPath) {
      const path = await locate(file);
      const target = await folderOfPath(targetPath);
      await ensureMaildirFolder(target.dir);
      if (path !== null) {
        await renameFile(path, join(target.dir.cur, file.fileName));
        await syncDirectory(target.dir.cur);
      }
      return store.local.moveFile(file.baseName, target.id);
    },
    async removeFile(file) {
      const path = await locate(file);
      // The row goes first: a crash after it leaves a file nobody lists, never a listed
      // message without its file.
      await store.local.removeFile(file.baseName);
      if (path !== null) await removeIfExists(path);
    },
    async recover() {
      for (const dir of await storeFolderDirs()) {
        for (const name of await listIfExists(dir.tmp)) {
          const file = await store.local.fileByBaseName(name);
          if (file === null) await removeIfExists(join(dir.tmp, name));
          else await locate(file);
        }
      }
      await settle(await orphanDirs(), 'keep');
    },
    async moveFolderDirectories(moves) {
      for (const move of moves) await moveMaildirFolder(maildirFolder(root, move.from), maildirFolder(root, move.to));
      if (moves.length > 0) await syncDirectory(root);
    },
    settleFolders: (paths, leftovers) => settle(paths.map((path) => maildirFolder(root, path)), leftovers),
    async removeUnlisted(folderPath, baseNames) {
      const dir = maildirFolder(root, folderPath);
      for (const part of maildirParts) {
        for (const name of await listIfExists(dir[part])) {
          const baseName = baseNameOf(name);
          if (baseNames.has(baseName) && (await store.local.fileByBaseName(baseName)) === null) await removeIfExists(join(dir[part], name));
        }
      }
    },
  };
}
