import type { AttachmentContent, Message } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { MessageView } from '../mime/message-view.ts';
import { sharedMessageViewPool } from '../mime/message-view-pool.ts';
import { sharedBodyTextPool } from '../search/body-text-pool.ts';
import type { StoredMessage } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import { isOfflineError } from '../sync/sync-status.ts';
import { fetchLargeSource, fetchesInRanges } from '../sync/large-source.ts';
import type { ImapSession } from '../imap/imap-types.ts';
import type { InteractiveSessions } from './interactive-sessions.ts';
import type { EmitEvent } from './service-types.ts';

// What sync knows of an account's network before anyone tries it.
export type NetworkState = 'online' | 'work-offline' | 'unreachable';

export type MessageReaderOptions = {
  readonly store: Store;
  readonly sessions: InteractiveSessions;
  readonly emit: EmitEvent;
  // Unknown means online: the server is tried.
  readonly networkState?: (accountId: string) => Promise<NetworkState>;
  // Local Folders (electron/local/): the message's own file, never the cache or a server;
  // undefined when the message is not a local one.
  readonly readLocal?: (stored: StoredMessage) => Promise<Buffer | undefined>;
  // The store's directory: with it, a cached source is read and parsed by a message view
  // thread and never crosses the main thread (issue 9, hostile sizes).
  readonly dataDir?: string;
};

const notDownloaded = 'This message has not been downloaded yet';
const willOpen = 'It will open once Letterbox is back online.';

export type MessageReader = {
  getMessage(messageId: string): Promise<Message>;
  getAttachment(messageId: string, attachmentId: string): Promise<AttachmentContent>;
  // The message's exact RFC 5322 bytes (forward as attachment, reopening a draft).
  getSource(messageId: string): Promise<Buffer>;
};

export function createMessageReader(options: MessageReaderOptions): MessageReader {
  const { store, sessions, emit } = options;

  async function requireMessage(messageId: string): Promise<StoredMessage> {
    const stored = await store.messages.get(messageId);
    if (!stored) throw new LetterboxError('not-found', 'That message is no longer here.');
    return stored;
  }

  // Work on the account's connection, or at once the reason it cannot run.
  async function fromServer<T>(stored: StoredMessage, work: (session: ImapSession) => Promise<T>): Promise<T> {
    // Known offline: say so at once rather than wait on a connection that cannot succeed.
    const network = (await options.networkState?.(stored.accountId)) ?? 'online';
    if (network === 'work-offline') {
      throw new LetterboxError(
        'network',
        `${notDownloaded}, and Letterbox is working offline. Turn off "Work offline" in the status bar to open it.`,
      );
    }
    if (network === 'unreachable') {
      throw new LetterboxError('network', `${notDownloaded} and the server cannot be reached. ${willOpen}`);
    }
    try {
      return await sessions.use(stored.accountId, work);
    } catch (error) {
      if (!isOfflineError(error)) throw error;
      const reason = error instanceof Error ? ` (${error.message})` : '';
      throw new LetterboxError(
        'network',
        `${notDownloaded} and the server cannot be reached${reason}. ${willOpen}`,
      );
    }
  }

  // A large message not downloaded yet (issue 9, hostile sizes): fetched in ranges, which
  // the header writer's thread assembles, indexes and stores with body state 'full', so it
  // is then read from the store by a message view thread and never crosses this thread.
  // False when it is not large or the connection cannot fetch ranges (the ordinary path).
  async function storedLargeFromServer(stored: StoredMessage): Promise<boolean> {
    if (options.dataDir === undefined || stored.bodyState === 'full') return false;
    const upload = await fromServer(stored, async (session) =>
      fetchesInRanges(session, stored.size)
        ? await fetchLargeSource(session, store.sources, {
            messageId: stored.id,
            folderPath: stored.folderPath,
            uid: stored.uid,
            uidValidity: stored.uidValidity,
          })
        : false,
    );
    if (upload === false) return false;
    if (upload === null) throw new LetterboxError('not-found', 'This message was deleted on the server.');
    if (!(await upload.commit())) throw new LetterboxError('not-found', 'That message is no longer here.');
    emit('messagesChanged', { folderIds: [stored.folderId] });
    return true;
  }

  // A store on disk is read by a message view thread, which moves the bytes here: reading a
  // 137 MB source would hold this thread about 400 ms (issue 9, hostile sizes).
  function storedSource(stored: StoredMessage): Promise<Buffer | null> {
    return options.dataDir === undefined ? store.sources.get(stored.id) : sharedMessageViewPool().storedSource(options.dataDir, stored.id);
  }

  // The cached source when there is one (no network at all), else the server's,
  // stored together with body state 'full' so it reads offline from then on. `own`: the
  // Buffer was read for this call alone, so its memory may be handed to a parsing thread.
  async function sourceOf(stored: StoredMessage): Promise<{ readonly source: Buffer; readonly own: boolean }> {
    const local = await options.readLocal?.(stored);
    if (local !== undefined) return { source: local, own: true };
    const cached = await storedSource(stored);
    if (cached) return { source: cached, own: true };
    // Stored off this thread, then read back whole: only getSource wants the bytes here.
    if (await storedLargeFromServer(stored)) {
      const large = await storedSource(stored);
      if (large) return { source: large, own: true };
    }
    const fetched = await fromServer(stored, (session) => session.fetchSource(stored.folderPath, stored.uid, stored.uidValidity));
    if (!fetched) throw new LetterboxError('not-found', 'This message was deleted on the server.');
    // The body goes into the search index in the transaction that stores the source; it is
    // parsed on a body text thread, as sync's are. A thread that died on it (memory, a parser
    // bug) leaves the message stored unindexed: reading it is what matters here.
    const text = await sharedBodyTextPool()
      .bodyText(fetched)
      .catch(() => undefined);
    if (await store.sources.storeFull(stored.id, fetched, text)) {
      emit('messagesChanged', { folderIds: [stored.folderId] });
    }
    // imapflow may still hold this memory: it is copied, not handed over.
    return { source: fetched, own: false };
  }

  // Parsed on a message view thread, bounded (issue 9, hostile sizes: electron/mime/message-view.ts).
  async function viewOf(stored: StoredMessage): Promise<MessageView> {
    const pool = sharedMessageViewPool();
    const local = await options.readLocal?.(stored);
    if (local !== undefined) return pool.view(local, true);
    if (options.dataDir !== undefined && (stored.bodyState === 'full' || (await storedLargeFromServer(stored)))) {
      const view = await pool.storedView(options.dataDir, stored.id);
      if (view !== null) return view;
    }
    const { source, own } = await sourceOf(stored);
    return pool.view(source, own);
  }

  return {
    async getMessage(messageId) {
      const stored = await requireMessage(messageId);
      const parsed = await viewOf(stored);
      return {
        id: stored.id,
        folderId: stored.folderId,
        accountId: stored.accountId,
        uid: stored.uid,
        messageId: stored.messageId,
        subject: stored.subject,
        from: stored.from,
        to: stored.to,
        date: stored.date,
        size: stored.size,
        flags: stored.flags,
        keywords: stored.keywords,
        hasAttachments: stored.hasAttachments,
        bodyState: 'full',
        ...(stored.location === undefined ? {} : { location: stored.location }),
        cc: parsed.cc.length > 0 ? parsed.cc : stored.cc,
        replyTo: parsed.replyTo.length > 0 ? parsed.replyTo : stored.replyTo,
        text: parsed.text,
        html: parsed.html,
        attachments: parsed.attachments,
        bodyParts: parsed.bodyParts,
        ...(parsed.notice === null ? {} : { notice: parsed.notice }),
      };
    },
    async getSource(messageId) {
      return (await sourceOf(await requireMessage(messageId))).source;
    },
    async getAttachment(messageId, attachmentId) {
      const stored = await requireMessage(messageId);
      const pool = sharedMessageViewPool();
      const local = await options.readLocal?.(stored);
      const fromStore =
        local === undefined && options.dataDir !== undefined && (stored.bodyState === 'full' || (await storedLargeFromServer(stored)))
          ? await pool.storedAttachment(options.dataDir, stored.id, attachmentId)
          : { found: false, attachment: null };
      let attachment = fromStore.attachment;
      if (local !== undefined) attachment = await pool.attachment(local, attachmentId, true);
      else if (!fromStore.found) {
        const { source, own } = await sourceOf(stored);
        attachment = await pool.attachment(source, attachmentId, own);
      }
      if (!attachment) throw new LetterboxError('not-found', 'That attachment is not part of this message.');
      return attachment;
    },
  };
}
