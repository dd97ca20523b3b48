import type { AttachmentContent, Message } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { bodyPartsOf } from '../mime/body-parts.ts';
import { getAttachmentData, parseMessage } from '../mime/parse-message.ts';
import { bodyTextOf } from '../search/body-text.ts';
import type { StoredMessage } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import { isOfflineError } from '../sync/sync-status.ts';
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

  // The cached source when there is one (no network at all), else the server's,
  // stored together with body state 'full' so it reads offline from then on.
  async function sourceOf(stored: StoredMessage): Promise<Buffer> {
    const local = await options.readLocal?.(stored);
    if (local !== undefined) return local;
    const cached = await store.sources.get(stored.id);
    if (cached) return cached;
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
    let fetched: Buffer | null;
    try {
      fetched = await sessions.use(stored.accountId, (session) =>
        session.fetchSource(stored.folderPath, stored.uid, stored.uidValidity),
      );
    } catch (error) {
      if (!isOfflineError(error)) throw error;
      const reason = error instanceof Error ? ` (${error.message})` : '';
      throw new LetterboxError(
        'network',
        `${notDownloaded} and the server cannot be reached${reason}. ${willOpen}`,
      );
    }
    if (!fetched) throw new LetterboxError('not-found', 'This message was deleted on the server.');
    // The body goes into the search index in the transaction that stores the source.
    if (await store.sources.storeFull(stored.id, fetched, await bodyTextOf(fetched))) {
      emit('messagesChanged', { folderIds: [stored.folderId] });
    }
    return fetched;
  }

  return {
    async getMessage(messageId) {
      const stored = await requireMessage(messageId);
      const source = await sourceOf(stored);
      const parsed = await parseMessage(source);
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
        cc: parsed.cc.length > 0 ? parsed.cc : stored.cc,
        replyTo: parsed.replyTo.length > 0 ? parsed.replyTo : stored.replyTo,
        text: parsed.text,
        html: parsed.html,
        attachments: parsed.attachments,
        bodyParts: await bodyPartsOf(source),
      };
    },
    async getSource(messageId) {
      return sourceOf(await requireMessage(messageId));
    },
    async getAttachment(messageId, attachmentId) {
      const stored = await requireMessage(messageId);
      const data = await getAttachmentData(await sourceOf(stored), attachmentId);
      if (!data) throw new LetterboxError('not-found', 'That attachment is not part of this message.');
      return { fileName: data.fileName, contentType: data.contentType, base64: data.content.toString('base64') };
    },
  };
}
