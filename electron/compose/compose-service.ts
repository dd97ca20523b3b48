import type { ComposeAttachment } from '../../shared/compose/compose-types.ts';
import { MAX_ATTACHMENT_BYTES } from '../../shared/compose/compose-schemas.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { EventMap, EventName } from '../../shared/events.ts';
import { htmlToText } from '../search/html-to-text.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { MessageReader } from '../service/message-reader.ts';
import type { EmitEvent, Handlers, SecretStore } from '../service/service-types.ts';
import { sendRaw as defaultSendRaw } from '../smtp/send-raw.ts';
import type { SendRaw } from '../smtp/smtp-types.ts';
import type { Store } from '../store/store.ts';
import { createAccountRunner } from './account-runner.ts';
import { buildMessage, newMessageId } from './build-message.ts';
import { createDraftSync } from './draft-sync.ts';
import { createOutboxSender } from './outbox-sender.ts';
import { messageIdsIn, prepareReply, rawHeader } from './prepare-reply.ts';

export type ComposeServiceOptions = {
  readonly store: Store;
  readonly secretStore: SecretStore;
  readonly sessions: Pick<InteractiveSessions, 'use'>;
  readonly reader: Pick<MessageReader, 'getMessage' | 'getAttachment'>;
  readonly emit: EmitEvent;
  readonly logError: (error: unknown) => void;
  readonly trustedCertificates?: readonly string[];
  readonly isWorkingOffline: () => Promise<boolean>;
  readonly onActionsQueued: () => void;
  // Tests may wrap the SMTP client.
  readonly sendRaw?: SendRaw;
};

type ComposeChannel =
  | 'sendMessage'
  | 'saveDraft'
  | 'discardDraft'
  | 'prepareReply'
  | 'listOutbox'
  | 'cancelOutbox'
  | 'retryOutbox'
  | 'suggestAddresses';

export type ComposeService = {
  readonly handlers: Pick<Handlers, ComposeChannel>;
  onEvent<E extends EventName>(event: E, payload: EventMap[E]): void;
  start(): void;
  stop(): Promise<void>;
};

export function createComposeService(options: ComposeServiceOptions): ComposeService {
  const { store, emit } = options;
  const runner = createAccountRunner();
  const drafts = createDraftSync({ ...options, runner });
  const sender = createOutboxSender({
    ...options,
    runner,
    sendRaw: options.sendRaw ?? defaultSendRaw,
    onDraftDiscarded: (accountId) => {
      drafts.kick(accountId);
    },
  });

  async function identity(accountId: string): Promise<{ name: string; email: string }> {
    const account = await store.accounts.get(accountId);
    if (!account) throw new LetterboxError('not-found', 'That account no longer exists. Choose another sender.');
    return { name: account.name, email: account.email };
  }

  async function announce(): Promise<void> {
    emit('outboxChanged', { count: await store.compose.outbox.count() });
  }

  // A forward carries the original's attachments, up to the size one message may carry.
  async function forwardedAttachments(messageId: string): Promise<readonly ComposeAttachment[]> {
    const message = await options.reader.getMessage(messageId);
    const files: ComposeAttachment[] = [];
    let total = 0;
    for (const attachment of message.attachments) {
      if (attachment.inline) continue;
      total += attachment.size;
      if (total > MAX_ATTACHMENT_BYTES) break;
      const content = await options.reader.getAttachment(messageId, attachment.id);
      files.push({ fileName: content.fileName, contentType: content.contentType, base64: content.base64 });
    }
    return files;
  }

  return {
    handlers: {
      async sendMessage({ message, draftId }) {
        const from = await identity(message.accountId);
        const built = await buildMessage({ identity: from, fields: message, messageId: newMessageId(from.email), date: new Date() });
        // The intent is durable before any byte goes to the server.
        const entryId = await store.compose.outbox.add(
          {
            accountId: message.accountId,
            messageId: built.messageId,
            raw: built.raw,
            envelope: built.envelope,
            subject: message.subject,
            relation: message.relation,
            draftId,
          },
          Date.now(),
        );
        await announce();
        return sender.sendNow(entryId, message.accountId);
      },
      async saveDraft({ message, draftId }) {
        const from = await identity(message.accountId);
        const saved = await store.compose.drafts.save(draftId, message, () => newMessageId(from.email), Date.now());
        drafts.kick(saved.accountId);
        return { draftId: saved.id };
      },
      async discardDraft({ draftId }) {
        const draft = await store.compose.drafts.get(draftId);
        if (draft === null) return null;
        await store.compose.drafts.discard(draftId);
        drafts.kick(draft.accountId);
        return null;
      },
      async prepareReply({ messageId, mode }) {
        const message = await options.reader.getMessage(messageId);
        const raw = await store.sources.get(messageId);
        const parentReferences = raw === null ? [] : messageIdsIn(rawHeader(raw, 'references') ?? rawHeader(raw, 'in-reply-to') ?? '');
        const accounts = await store.accounts.list();
        const start = prepareReply(
          {
            message,
            parentReferences,
            text: message.text ?? (message.html === null ? '' : htmlToText(message.html)),
            ownAddresses: accounts.map((account) => account.email),
            accountId: message.accountId,
          },
          mode,
        );
        return mode === 'forward' ? { ...start, attachments: await forwardedAttachments(messageId) } : start;
      },
      listOutbox: () => store.compose.outbox.list(),
      async cancelOutbox({ outboxId }) {
        await store.compose.outbox.cancel(outboxId);
        await announce();
        return null;
      },
      async retryOutbox({ outboxId }) {
        const entry = await store.compose.outbox.get(outboxId);
        if (entry === null) throw new LetterboxError('not-found', 'That message is no longer in the outbox.');
        await store.compose.outbox.retry(outboxId);
        await announce();
        sender.kick(entry.accountId);
        return null;
      },
      suggestAddresses: ({ query, limit }) => store.compose.addresses.suggest(query, limit),
    },
    onEvent(event, payload) {
      // A finished sync means the server is reachable: send what waited.
      if (event !== 'status') return;
      const status = payload as EventMap['status'];
      if (status.state === 'idle' && status.accountId !== null) {
        sender.kick(status.accountId);
        drafts.kick(status.accountId);
      }
    },
    start() {
      sender.kick();
      drafts.kick();
    },
    stop: () => sender.stop(),
  };
}
