import { LetterboxError } from '../../shared/errors.ts';
import type { ImapSession } from '../imap/imap-types.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { Store } from '../store/store.ts';
import type { AccountRunner } from './account-runner.ts';
import { buildMessage } from './build-message.ts';
import type { StoredDraft } from './draft-repository.ts';

export type DraftSyncOptions = {
  readonly store: Store;
  readonly sessions: Pick<InteractiveSessions, 'use'>;
  readonly runner: AccountRunner;
  readonly logError: (error: unknown) => void;
  readonly isWorkingOffline: () => Promise<boolean>;
};

export type DraftSync = {
  kick(accountId?: string): void;
};

// Mirrors local drafts to the server's Drafts folder (RFC 6154 \Drafts). Every version of
// a draft carries the same Message-ID, so replacing it is: APPEND the new version, then
// remove every other UID with that Message-ID. A crash between the two leaves an extra
// copy that the next save (or the discard) removes: the server never keeps two.
export function createDraftSync(options: DraftSyncOptions): DraftSync {
  const { store, runner, logError } = options;

  async function draftsPath(accountId: string): Promise<string | null> {
    const folders = await store.folders.listByAccount(accountId);
    return folders.find((folder) => folder.role === 'drafts' && folder.selectable)?.path ?? null;
  }

  async function removeCopies(session: ImapSession, path: string, draft: StoredDraft, keepUid: number | null): Promise<void> {
    const { findByMessageId, expungeMessages } = session;
    if (findByMessageId === undefined || expungeMessages === undefined) {
      throw new LetterboxError('server-error', 'This connection cannot change drafts on the server.');
    }
    const uids = (await findByMessageId(path, draft.messageId)).filter((uid) => uid !== keepUid);
    if (uids.length > 0) await expungeMessages(path, null, uids);
  }

  async function upload(session: ImapSession, path: string, draft: StoredDraft): Promise<void> {
    const account = await store.accounts.get(draft.accountId);
    if (!account || session.appendMessage === undefined || session.findByMessageId === undefined) return;
    const built = await buildMessage({
      identity: { name: account.name, email: account.email },
      fields: draft.fields,
      messageId: draft.messageId,
      date: new Date(),
      draft: true,
    });
    const appended = await session.appendMessage(path, built.raw, ['\\Draft', '\\Seen']);
    // Without APPENDUID the newest copy (the highest UID) is the one just stored.
    const uids = await session.findByMessageId(path, draft.messageId);
    const keep = appended.uid ?? (uids.length > 0 ? Math.max(...uids) : null);
    await removeCopies(session, path, draft, keep);
    await store.compose.drafts.markUploaded(draft.id, draft.version, keep);
  }

  async function drain(accountId: string): Promise<void> {
    if (await options.isWorkingOffline()) return;
    const pending = await store.compose.drafts.needingServer(accountId);
    if (pending.length === 0) return;
    const path = await draftsPath(accountId);
    for (const stale of pending) {
      // Re-read: a newer save may have come in while the last one was on the wire.
      const draft = await store.compose.drafts.get(stale.id);
      if (draft === null) continue;
      if (path === null) {
        // No Drafts folder on this server: the local copy is the only one.
        if (draft.discarded) await store.compose.drafts.remove(draft.id);
        else await store.compose.drafts.markUploaded(draft.id, draft.version, null);
        continue;
      }
      await options.sessions.use(accountId, async (session) => {
        if (draft.discarded) {
          await removeCopies(session, path, draft, null);
          await store.compose.drafts.remove(draft.id);
        } else if (draft.uploadedVersion < draft.version) {
          await upload(session, path, draft);
        }
      });
    }
  }

  function kickAccount(accountId: string): void {
    runner.run(accountId, () => drain(accountId)).catch((error: unknown) => {
      // Offline or refused: the local draft is safe; the next save or sync tries again.
      if (!(error instanceof LetterboxError)) logError(error);
    });
  }

  return {
    kick(accountId) {
      if (accountId !== undefined) {
        kickAccount(accountId);
        return;
      }
      store.compose.drafts.needingServer().then((drafts) => {
        for (const id of new Set(drafts.map((draft) => draft.accountId))) kickAccount(id);
      }, logError);
    },
  };
}
