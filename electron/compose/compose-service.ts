import type { ComposeAttachment, ComposeDraft, ComposeFields } from '../../shared/compose/compose-types.ts';
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
import { rekeyServerDraft } from './rekey-server-draft.ts';
import { richQuote } from './rich-quote.ts';
import { messageToFields } from './message-to-fields.ts';
import type { OutboxEntry } from './outbox-repository.ts';
import { setOutgoingPassword } from './outgoing-secret.ts';
import { crashPoint } from '../crash/crash-point.ts';
import { isOfflineError } from '../sync/sync-status.ts';
import { createOutboxSender, type SenderTimers } from './outbox-sender.ts';
import { messageIdsIn, prepareReply, rawHeader } from './prepare-reply.ts';
import type { UntrustedCertificate } from '../../shared/setup/setup-types.ts';

export type ComposeServiceOptions = {
  readonly store: Store;
  readonly secretStore: SecretStore;
  readonly sessions: Pick<InteractiveSessions, 'use'>;
  readonly reader: Pick<MessageReader, 'getMessage' | 'getAttachment' | 'getSource'>;
  readonly emit: EmitEvent;
  readonly logError: (error: unknown) => void;
  readonly trustedCertificates?: readonly string[];
  readonly isWorkingOffline: () => Promise<boolean>;
  readonly onActionsQueued: () => void;
  // Tests may wrap the SMTP client.
  readonly sendRaw?: SendRaw;
  // Tests drive the undo delay with a fake clock.
  readonly now?: () => number;
  readonly timers?: SenderTimers;
};

type ComposeChannel =
  | 'sendMessage'
  | 'saveDraft'
  | 'discardDraft'
  | 'prepareReply'
  | 'listOutbox'
  | 'cancelOutbox'
  | 'retryOutbox'
  | 'suggestAddresses'
  | 'undoSend'
  | 'resolveHeldOutbox'
  | 'openDraft'
  | 'listDrafts'
  | 'getSendDelay'
  | 'setSendDelay'
  | 'setOutgoingPassword';

export type ComposeService = {
  readonly handlers: Pick<Handlers, ComposeChannel>;
  onEvent<E extends EventName>(event: E, payload: EventMap[E]): void;
  // The account was signed in again: what failed for want of a sign-in is sent now.
  signedInAgain(accountId: string): Promise<void>;
  start(): void;
  stop(): Promise<void>;
};

export function createComposeService(options: ComposeServiceOptions): ComposeService {
  const { store, emit } = options;
  const now = options.now ?? Date.now;
  const runner = createAccountRunner();
  const drafts = createDraftSync({ ...options, runner });
  // Sends refused for the server's certificate in the background (after an undo delay, a
  // retry): the outbox shows the certificate to trust. Kept in memory: a Retry after a
  // restart meets the same certificate and brings it back.
  const refusedCertificates = new Map<string, UntrustedCertificate>();
  const sender = createOutboxSender({
    ...options,
    onCertificateRefused: (error, outboxId) => {
      if (error.certificate !== undefined) refusedCertificates.set(outboxId, error.certificate);
    },
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

  // An outbox entry back as composer fields; its draft, when it still has one, goes with it.
  async function entryFields(entry: OutboxEntry): Promise<{ fields: ComposeFields; draftId: string | null }> {
    const fields = await messageToFields(entry.raw, { accountId: entry.accountId, relation: entry.relation, envelopeRecipients: entry.envelope.to });
    const draft = entry.draftId === null ? null : await store.compose.drafts.get(entry.draftId);
    return { fields, draftId: draft !== null && !draft.discarded ? draft.id : null };
  }

  async function saveAsDraft(fields: ComposeFields, draftId: string | null): Promise<string> {
    const from = await identity(fields.accountId);
    const saved = await store.compose.drafts.save(draftId, fields, () => newMessageId(from.email), now());
    drafts.kick(saved.accountId);
    emit('draftsChanged', null);
    return saved.id;
  }

  // A message in a Drafts folder: this computer's own draft when it carries one of its
  // Message-IDs, else taken in under its Message-ID, so that saving replaces it on the server.
  async function openServerDraft(messageId: string): Promise<ComposeDraft> {
    const message = await options.reader.getMessage(messageId);
    if (message.messageId !== null) {
      const own = await store.compose.drafts.findByMessageId(message.messageId);
      if (own !== null) return { fields: own.fields, draftId: own.id };
    }
    const source = await options.reader.getSource(messageId);
    const fields = await messageToFields(source, { accountId: message.accountId, relation: null });
    if (message.messageId === null) {
      const folder = await store.folders.get(message.folderId);
      if (folder === null || folder.role !== 'drafts' || folder.uidValidity === null || message.uid <= 0 || (await options.isWorkingOffline())) {
        // Not a server draft, or not reachable now: the first save becomes a new draft beside it.
        return { fields, draftId: null };
      }
      const from = await identity(message.accountId);
      const newId = newMessageId(from.email);
      let uid: number | null;
      try {
        uid = await rekeyServerDraft(options.sessions, { accountId: message.accountId, path: folder.path, uidValidity: folder.uidValidity, uid: message.uid, source }, newId);
      } catch (error) {
        if (!isOfflineError(error)) throw error;
        return { fields, draftId: null };
      }
      const adopted = await store.compose.drafts.adopt(fields, newId, uid, now());
      return { fields, draftId: adopted.id };
    }
    try {
      const adopted = await store.compose.drafts.adopt(fields, message.messageId, message.uid > 0 ? message.uid : null, now());
      return { fields, draftId: adopted.id };
    } catch {
      throw new LetterboxError('not-found', 'This draft was sent or discarded here and is being removed from the server.');
    }
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
        const delaySeconds = await store.compose.settings.sendDelaySeconds();
        const queuedAt = now();
        const sendAt = delaySeconds > 0 ? queuedAt + delaySeconds * 1000 : 0;
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
          queuedAt,
          sendAt,
        );
        await announce();
        if (delaySeconds > 0) {
          // Undo send: it waits in the outbox until sendAt; undoSend takes it back.
          sender.sendAt(message.accountId, sendAt);
          return { status: 'scheduled', outboxId: entryId, sendAt, rejected: [], message: `Sending in ${String(delaySeconds)} seconds.` };
        }
        return sender.sendNow(entryId, message.accountId);
      },
      async undoSend({ outboxId }) {
        const entry = await store.compose.outbox.takeBack(outboxId, true);
        await announce();
        return entryFields(entry);
      },
      async resolveHeldOutbox({ outboxId, choice }) {
        const entry = await store.compose.outbox.get(outboxId);
        if (entry === null) throw new LetterboxError('not-found', 'That message is no longer in the outbox.');
        if (entry.state !== 'held') throw new LetterboxError('invalid-argument', 'That message is not waiting for your decision.');
        if (choice === 'sendAgain') {
          await store.compose.outbox.retry(outboxId);
          await announce();
          sender.kick(entry.accountId);
          return null;
        }
        const taken = await store.compose.outbox.takeBack(outboxId, false);
        const back = await entryFields(taken);
        const draftId = await saveAsDraft(back.fields, back.draftId);
        await announce();
        return { fields: back.fields, draftId };
      },
      async openDraft(args) {
        if ('messageId' in args) return openServerDraft(args.messageId);
        const draft = await store.compose.drafts.get(args.draftId);
        if (draft === null || draft.discarded) throw new LetterboxError('not-found', 'That draft was sent or discarded.');
        return { fields: draft.fields, draftId: draft.id };
      },
      async listDrafts() {
        return (await store.compose.drafts.list()).map((draft) => ({
          draftId: draft.id,
          accountId: draft.accountId,
          subject: draft.fields.subject,
          to: draft.fields.to,
          updatedAt: draft.updatedAt,
        }));
      },
      async getSendDelay() {
        return { seconds: await store.compose.settings.sendDelaySeconds() };
      },
      async setSendDelay({ seconds }) {
        await store.compose.settings.setSendDelaySeconds(seconds);
        return null;
      },
      async setOutgoingPassword({ accountId, password }) {
        const reference = await store.accounts.getSecretReference(accountId);
        if (reference === null) throw new LetterboxError('not-found', 'That account no longer exists.');
        await setOutgoingPassword(options.secretStore, reference, password);
        return null;
      },
      async saveDraft({ message, draftId }) {
        const from = await identity(message.accountId);
        const saved = await store.compose.drafts.save(draftId, message, () => newMessageId(from.email), now());
        crashPoint('store-commit');
        drafts.kick(saved.accountId);
        emit('draftsChanged', null);
        return { draftId: saved.id };
      },
      async discardDraft({ draftId }) {
        const draft = await store.compose.drafts.get(draftId);
        if (draft === null) return null;
        await store.compose.drafts.discard(draftId);
        drafts.kick(draft.accountId);
        emit('draftsChanged', null);
        return null;
      },
      async prepareReply({ messageId, mode, quotedText }) {
        const message = await options.reader.getMessage(messageId);
        const raw = await store.sources.get(messageId);
        const parentReferences = raw === null ? [] : messageIdsIn(rawHeader(raw, 'references') ?? rawHeader(raw, 'in-reply-to') ?? '');
        const accounts = await store.accounts.list();
        const start = prepareReply(
          {
            message,
            parentReferences,
            text: quotedText ?? message.text ?? (message.html === null ? '' : htmlToText(message.html)),
            html: richQuote(message.bodyParts),
            ownAddresses: accounts.map((account) => account.email),
            accountId: message.accountId,
          },
          mode,
        );
        if (mode === 'forwardAsAttachment') {
          const original = await options.reader.getSource(messageId);
          const name = (message.subject.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim().slice(0, 100) || 'message') + '.eml';
          return { ...start, attachments: [{ fileName: name, contentType: 'message/rfc822', base64: original.toString('base64') }] };
        }
        return mode === 'forward' ? { ...start, attachments: await forwardedAttachments(messageId) } : start;
      },
      async listOutbox() {
        return (await store.compose.outbox.list()).map((item) => {
          const certificate = item.state === 'failed' ? refusedCertificates.get(item.id) : undefined;
          return certificate === undefined ? item : { ...item, certificate };
        });
      },
      async cancelOutbox({ outboxId }) {
        refusedCertificates.delete(outboxId);
        await store.compose.outbox.cancel(outboxId);
        await announce();
        return null;
      },
      async retryOutbox({ outboxId }) {
        const entry = await store.compose.outbox.get(outboxId);
        if (entry === null) throw new LetterboxError('not-found', 'That message is no longer in the outbox.');
        refusedCertificates.delete(outboxId);
        await store.compose.outbox.retry(outboxId);
        await announce();
        sender.kick(entry.accountId);
        return null;
      },
      suggestAddresses: ({ query, limit }) => store.compose.addresses.suggest(query, limit),
    },
    async signedInAgain(accountId) {
      // A failure does not record whether the sign-in caused it; one that had another cause
      // fails again and says so, which costs a message nothing.
      if ((await store.compose.outbox.retryFailed(accountId)) === 0) return;
      await announce();
      sender.kick(accountId);
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
