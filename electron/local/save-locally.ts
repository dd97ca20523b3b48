// IMAP "Save locally" and "Move to local" (issue 6.5). The order is what keeps every message
// (docs/decisions.md, "Moving mail to Local Folders"):
//   1. the server's bytes (the cached source, else a read-only UID FETCH) are checked
//      against the server's RFC822.SIZE and hashed (SHA-256);
//   2. they are delivered like any local mail (tmp/, fsync, commit, rename into cur/,
//      fsync cur/), the local_saves row committed in the same transaction as the copy;
//   3. the file is read back from cur/ and its SHA-256 compared: only a match marks the
//      save verified (a mismatch removes the copy; the server copy was never touched);
//   4. only then, for a move, STORE \Deleted + UID EXPUNGE of exactly that UID (RFC 4315;
//      without UIDPLUS the message is only marked), and the save ends with the cached
//      server row removed, in one transaction.
// A crash anywhere leaves the message on the server, or here, or both; recover() at start
// verifies what was written and finishes the server side of verified moves.
import { createHash } from 'node:crypto';
import type { SaveLocallyMode, SaveLocallyReport } from '../../shared/local/local-types.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { ImapSession } from '../imap/imap-types.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { EmitEvent } from '../service/service-types.ts';
import type { StoredMessage } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import { isOfflineError } from '../sync/sync-status.ts';
import type { IncomingMessage, LocalFolders } from './local-folders.ts';
import type { LocalSave, LocalSaveRepository } from './local-save-repository.ts';
import { removeIfExists } from './maildir-files.ts';

// Messages fetched, written and removed per round: one UID FETCH, one transaction, one
// directory fsync and one UID EXPUNGE each.
const BATCH = 20;

export type LocalSavesOptions = {
  readonly store: Store;
  readonly saves: LocalSaveRepository;
  readonly local: LocalFolders;
  readonly sessions: Pick<InteractiveSessions, 'use'>;
  readonly emit: EmitEvent;
  readonly isOffline: () => Promise<boolean>;
  readonly logError: (error: unknown) => void;
};

// A folder job (folder-save-jobs.ts) passes over messages a sync removed meanwhile, and
// counts a batch whose messages all left the server as failures rather than an error.
export type SaveOptions = { readonly skipMissing?: boolean };

export type LocalSaves = {
  save(messageIds: readonly string[], targetFolderId: string, mode: SaveLocallyMode, options?: SaveOptions): Promise<SaveLocallyReport>;
  // At start: verifies copies a crash left unverified, then finishes verified moves.
  recover(): Promise<void>;
  // Finishes verified moves of one account (or all) whose server copy is still there.
  finishPending(accountId?: string): Promise<void>;
};

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

type Candidate = { readonly message: StoredMessage; readonly existing: LocalSave | null };

export function createLocalSaves(options: LocalSavesOptions): LocalSaves {
  const { store, saves, local } = options;
  const finishing = new Map<string, Promise<void>>();

  async function requireLocalTarget(folderId: string): Promise<void> {
    const folder = await store.folders.get(folderId);
    const localAccount = await local.account();
    if (folder === null || folder.accountId !== localAccount.accountId || !folder.selectable) {
      throw new LetterboxError('invalid-argument', 'Choose a folder under Local Folders to save messages in.');
    }
  }

  async function loadMessages(messageIds: readonly string[], skipMissing: boolean): Promise<readonly StoredMessage[]> {
    const messages: StoredMessage[] = [];
    for (const messageId of messageIds) {
      const message = await store.messages.get(messageId);
      if (message === null && skipMissing) continue;
      if (message === null) throw new LetterboxError('not-found', 'One of these messages is no longer here.');
      const account = await store.accounts.get(message.accountId);
      if (account?.kind !== 'imap') {
        throw new LetterboxError('invalid-argument', 'Only messages on an IMAP server can be saved locally; these are already on this computer.');
      }
      messages.push(message);
    }
    return messages;
  }

  // The server's bytes of each message, from the cache or one UID FETCH; a UID the server
  // no longer has is left out.
  async function sourcesOf(group: readonly StoredMessage[]): Promise<Map<string, Buffer>> {
    const sources = new Map<string, Buffer>();
    const missing: StoredMessage[] = [];
    for (const message of group) {
      const cached = await store.sources.get(message.id);
      if (cached === null) missing.push(message);
      else sources.set(message.id, cached);
    }
    const first = missing[0];
    if (first === undefined) return sources;
    await options.sessions.use(first.accountId, async (session: ImapSession) => {
      if (session.fetchSources !== undefined) {
        const fetched = await session.fetchSources(first.folderPath, missing.map((message) => message.uid), first.uidValidity);
        for (const { uid, source } of fetched) {
          const message = missing.find((candidate) => candidate.uid === uid);
          if (message !== undefined) sources.set(message.id, source);
        }
        return;
      }
      for (const message of missing) {
        const source = await session.fetchSource(message.folderPath, message.uid, message.uidValidity);
        if (source !== null) sources.set(message.id, source);
      }
    });
    return sources;
  }

  // Reads each copy back from its file: only bytes that hash as the server's count as saved.
  async function verify(written: readonly LocalSave[], failures: string[]): Promise<readonly LocalSave[]> {
    const good: LocalSave[] = [];
    for (const save of written) {
      let matches = false;
      try {
        const bytes = await local.readSource(save.localMessageId);
        matches = bytes !== null && bytes.length === save.size && sha256Hex(bytes) === save.sha256;
      } catch (error) {
        if (!(error instanceof LetterboxError)) throw error;
      }
      if (matches) {
        good.push(save);
        continue;
      }
      await discard(save);
      failures.push(`A message (UID ${save.uid} in "${save.folderPath}") read back differently from what was written, so it was not saved; it is still on the server.`);
    }
    await saves.markVerified(good.map((save) => save.id));
    return good.map((save) => ({ ...save, state: save.mode === 'move' ? 'verified' : 'done' }));
  }

  async function discard(save: LocalSave): Promise<void> {
    const file = await store.local.fileOfMessage(save.localMessageId);
    const located = file === null ? null : await local.fileAt(file.folderPath, file.uid).catch(() => null);
    const folderIds = await saves.discard(save);
    if (located !== null) await removeIfExists(located.path);
    if (folderIds.length > 0) options.emit('messagesChanged', { folderIds });
  }

  // STORE \Deleted + UID EXPUNGE of verified moves, one folder at a time; the saves end once
  // the server confirmed (a UID it no longer has is as good). Returns how many ended.
  async function removeFromServer(moves: readonly LocalSave[]): Promise<number> {
    let removed = 0;
    const groups = new Map<string, LocalSave[]>();
    for (const save of moves) {
      const key = JSON.stringify([save.accountId, save.folderPath, save.uidValidity]);
      groups.set(key, [...(groups.get(key) ?? []), save]);
    }
    for (const group of groups.values()) {
      const first = group[0];
      if (first === undefined) continue;
      await options.sessions.use(first.accountId, async (session) => {
        if (session.expungeMessages === undefined) throw new LetterboxError('server-error', 'This connection cannot remove messages from the server.');
        await session.expungeMessages(first.folderPath, first.uidValidity, group.map((save) => save.uid));
      });
      const folderIds = await saves.finishMoves(group);
      removed += group.length;
      if (folderIds.length > 0) options.emit('messagesChanged', { folderIds });
      options.emit('foldersChanged', { accountId: first.accountId });
    }
    return removed;
  }

  async function saveGroup(group: readonly Candidate[], targetFolderId: string, mode: SaveLocallyMode, failures: string[]): Promise<readonly LocalSave[]> {
    const reused: LocalSave[] = [];
    const fresh: StoredMessage[] = [];
    for (const { message, existing } of group) {
      if (existing === null) fresh.push(message);
      else reused.push(mode === 'move' && existing.mode === 'copy' ? await saves.upgradeToMove(existing.id) : existing);
    }
    const sources = fresh.length === 0 ? new Map<string, Buffer>() : await sourcesOf(fresh);
    const incoming: IncomingMessage[] = [];
    for (const message of fresh) {
      const source = sources.get(message.id);
      if (source === undefined) {
        failures.push(`"${message.subject}" is no longer on the server, so it could not be saved.`);
        continue;
      }
      // RFC 3501 2.3.4: RFC822.SIZE is the number of octets the server holds.
      if (message.size > 0 && source.length !== message.size) {
        failures.push(`"${message.subject}" arrived with ${source.length} bytes where the server announced ${message.size}, so it was not saved.`);
        continue;
      }
      incoming.push({
        source,
        size: source.length,
        ledger: null,
        seen: message.flags.seen,
        origin: { accountId: message.accountId, folderPath: message.folderPath, uidValidity: message.uidValidity, uid: message.uid, sha256: sha256Hex(source), mode },
      });
    }
    const written: LocalSave[] = [];
    if (incoming.length > 0) {
      const ids = await local.deliver(targetFolderId, incoming);
      // The server folder too: its messages now live in both places (their location mark).
      options.emit('messagesChanged', { folderIds: [targetFolderId, ...new Set(fresh.map((message) => message.folderId))] });
      for (const id of ids) {
        const save = await saves.byLocalMessage(id);
        if (save !== null) written.push(save);
      }
    }
    const unverified = reused.filter((save) => save.state === 'written');
    const verified = await verify([...written, ...unverified], failures);
    return [...reused.filter((save) => save.state !== 'written'), ...verified];
  }

  async function finishAccount(accountId: string): Promise<void> {
    const running = finishing.get(accountId);
    if (running !== undefined) return running;
    const work = (async () => {
      const pending = await saves.pending(accountId);
      const written = pending.filter((save) => save.state === 'written');
      const verified = [...pending.filter((save) => save.state === 'verified'), ...(await verify(written, []))];
      const moves = verified.filter((save) => save.mode === 'move');
      if (moves.length === 0 || (await options.isOffline())) return;
      try {
        await removeFromServer(moves);
      } catch (error) {
        // Kept verified: the next start, sync or save tries again. The local copy is safe.
        await saves.recordFailure(moves.map((save) => save.id), error instanceof Error ? error.message : String(error));
        if (!(error instanceof LetterboxError)) options.logError(error);
      }
    })().finally(() => finishing.delete(accountId));
    finishing.set(accountId, work);
    return work;
  }

  async function finishPending(accountId?: string): Promise<void> {
    const accounts = accountId === undefined ? [...new Set((await saves.pending()).map((save) => save.accountId))] : [accountId];
    await Promise.all(accounts.map(finishAccount));
  }

  return {
    async save(messageIds, targetFolderId, mode, saveOptions = {}) {
      await requireLocalTarget(targetFolderId);
      const messages = await loadMessages(messageIds, saveOptions.skipMissing === true);
      const failures: string[] = [];
      let saved = 0;
      let removedFromServer = 0;
      let waitingForServer = 0;
      const groups = new Map<string, Candidate[]>();
      for (const message of messages) {
        const existing = await saves.find(message.accountId, message.folderPath, message.uidValidity, message.uid);
        const key = JSON.stringify([message.accountId, message.folderPath, message.uidValidity]);
        groups.set(key, [...(groups.get(key) ?? []), { message, existing }]);
      }
      for (const group of groups.values()) {
        for (let start = 0; start < group.length; start += BATCH) {
          const done = await saveGroup(group.slice(start, start + BATCH), targetFolderId, mode, failures);
          saved += done.length;
          const moves = done.filter((save) => save.mode === 'move');
          if (mode !== 'move' || moves.length === 0) continue;
          try {
            removedFromServer += await removeFromServer(moves);
          } catch (error) {
            if (!isOfflineError(error)) throw error;
            // Saved and verified; the server copy goes when the server is back.
            await saves.recordFailure(moves.map((save) => save.id), (error as Error).message);
            waitingForServer += moves.length;
          }
        }
      }
      if (saved === 0 && failures.length > 0 && saveOptions.skipMissing !== true) throw new LetterboxError('not-found', failures.join(' '));
      options.emit('foldersChanged', { accountId: (await local.account()).accountId });
      return { saved, removedFromServer, waitingForServer, failures };
    },
    async recover() {
      await finishPending();
    },
    finishPending,
  };
}
