// Local Folders have no server: the action queue's commands are carried out on the Maildir
// files at once, through the same ImapChangeCommands the queue sends to IMAP servers. So a
// change to a local message is applied to the store and queued in one transaction as for
// any account, and the "replay" renames or removes its file a moment later, never touching
// the network (a restart replays what a crash interrupted).
import { LetterboxError } from '../../shared/errors.ts';
import type { FlagChange, ImapSession } from '../imap/imap-types.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { LocalFolders } from './local-folders.ts';
import type { LocalFolderTree } from './local-folder-tree.ts';
import { flagsOfFileName, type MaildirFlags } from './maildir-name.ts';

function noServer(): Promise<never> {
  return Promise.reject(new LetterboxError('invalid-argument', 'Local Folders are kept on this computer and have no server to sync with.'));
}

// RFC 3501 2.3.2 system flags onto Maildir's letters; keywords have no letter and stay in the store.
export function applyFlagChange(flags: MaildirFlags, change: FlagChange): MaildirFlags {
  const next = { ...flags };
  const set = (flag: string, value: boolean): void => {
    switch (flag.toLowerCase()) {
      case '\\seen':
        next.seen = value;
        break;
      case '\\flagged':
        next.flagged = value;
        break;
      case '\\answered':
        next.answered = value;
        break;
      case '\\draft':
        next.draft = value;
        break;
      case '\\deleted':
        next.deleted = value;
        break;
    }
  };
  for (const flag of change.add) set(flag, true);
  for (const flag of change.remove) set(flag, false);
  return next;
}

// Renames and deletes of local folders never come this way: the folder handlers hand them to
// local-folder-changes.ts, which moves files and directories, not a session's commands.
function elsewhere(): Promise<never> {
  return Promise.reject(new Error('Local folders are renamed and deleted by local-folder-changes.ts'));
}

export function createLocalSession(local: LocalFolders, tree: LocalFolderTree): ImapSession {
  const accountId = async (): Promise<string> => (await local.account()).accountId;
  return {
    capabilities: [],
    // Folder management (folder-handlers.ts) lists after each change: the store's list is it.
    listFolders: async () => tree.listing(await accountId()),
    async createFolder(path) {
      const id = await accountId();
      if ((await tree.listing(id)).some((folder) => folder.path === path)) {
        throw new LetterboxError('already-exists', `A folder "${path}" already exists.`);
      }
      await tree.add(id, [path]);
    },
    renameFolder: elsewhere,
    deleteFolder: elsewhere,
    // Every local folder is shown; there is no server list to subscribe to.
    subscribeFolder: () => Promise.resolve(),
    fetchHeaders: noServer,
    resyncFolder: noServer,
    watch: noServer,
    async fetchSource(path, uid) {
      const found = await local.fileAt(path, uid);
      if (found === null || found.file.messageRef === null) return null;
      return local.readSource(found.file.messageRef);
    },
    close: () => Promise.resolve(),
    async storeFlags(path, _uidValidity, uids, change) {
      const missing: number[] = [];
      for (const uid of uids) {
        const found = await local.fileAt(path, uid);
        if (found === null) {
          missing.push(uid);
          continue;
        }
        await local.renameFlags(found.file, applyFlagChange(flagsOfFileName(found.file.fileName), change));
      }
      return { missing };
    },
    async moveMessages(path, _uidValidity, uids, targetPath) {
      const missing: number[] = [];
      const uidMap: { source: number; target: number }[] = [];
      for (const uid of uids) {
        const found = await local.fileAt(path, uid);
        if (found === null) {
          missing.push(uid);
          continue;
        }
        uidMap.push({ source: uid, target: await local.moveFile(found.file, targetPath) });
      }
      return { missing, uidMap };
    },
    async expungeMessages(path, _uidValidity, uids) {
      const missing: number[] = [];
      for (const uid of uids) {
        const found = await local.fileAt(path, uid);
        if (found === null) missing.push(uid);
        else await local.removeFile(found.file);
      }
      return { missing };
    },
  };
}

// The service's interactive sessions, with the Local Folders account served by the Maildir
// session above instead of a connection.
export function withLocalFolders(sessions: InteractiveSessions, local: LocalFolders, tree: LocalFolderTree): InteractiveSessions {
  const session = createLocalSession(local, tree);
  let localAccountId: Promise<string> | null = null;
  function isLocal(accountId: string): Promise<boolean> {
    localAccountId ??= local.account().then((account) => account.accountId);
    return localAccountId.then((id) => id === accountId);
  }
  return {
    async use(accountId, work) {
      if (await isLocal(accountId)) return work(session, false);
      return sessions.use(accountId, work);
    },
    closeAccount: (accountId) => sessions.closeAccount(accountId),
    closeAll: () => sessions.closeAll(),
  };
}
