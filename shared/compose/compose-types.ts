// What the composer channels carry across the process boundary (shared/contract.ts).
import type { UntrustedCertificate } from '../setup/setup-types.ts';

// A file the user attached, read in the renderer and sent as base64.
export type ComposeAttachment = {
  readonly fileName: string;
  readonly contentType: string;
  readonly base64: string;
};

// What the message answers: the original gets \Answered (reply) or $Forwarded (forward)
// once it is sent, and In-Reply-To/References come from it (RFC 5322 3.6.4).
export type ComposeRelation = {
  readonly kind: 'reply' | 'forward';
  readonly messageId: string;
};

export type ComposeFields = {
  readonly accountId: string;
  // Addresses as typed: "Name <a@b>" or "a@b", one per entry.
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  // Plain text, lines separated by "\n".
  readonly body: string;
  // Rich text: the editor's HTML, sent as multipart/alternative with a text part main
  // derives from it (body is then ignored). Absent for plain text.
  readonly html?: string;
  readonly attachments: readonly ComposeAttachment[];
  readonly relation: ComposeRelation | null;
  // RFC 5322 threading, filled in by prepareReply; the service checks them again.
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
};

// forwardAsAttachment: the original's exact bytes go as a message/rfc822 attachment (RFC 2046 5.2.1).
export type ReplyMode = 'reply' | 'replyAll' | 'forward' | 'forwardAsAttachment';

// A composer's starting point: prefilled fields for a reply or a forward.
export type ComposeStart = ComposeFields;

export type SendOutcome = {
  // 'sent': the server accepted it; 'queued': it waits in the outbox (offline, or the
  // server failed for now) and is sent when it can be; 'scheduled': it waits out the undo
  // delay (undoSend with outboxId takes it back); 'held': the connection broke after the
  // message went out, so it may have been sent: the outbox asks the user.
  readonly status: 'sent' | 'queued' | 'scheduled' | 'held';
  readonly outboxId?: string;
  // With 'scheduled': when it goes, epoch ms.
  readonly sendAt?: number;
  // Recipients the server refused (RFC 5321 4.2.2 5xx at RCPT TO) while taking the others.
  readonly rejected: readonly { readonly address: string; readonly reason: string }[];
  // A sentence for the user.
  readonly message: string;
};

// held: interrupted after the message may have reached the server; waits for the user's
// "Send again" or "Move to drafts", never resent on its own.
export type OutboxState = 'queued' | 'sending' | 'failed' | 'held';

export type OutboxItem = {
  readonly id: string;
  readonly accountId: string;
  readonly subject: string;
  readonly to: readonly string[];
  readonly state: OutboxState;
  readonly lastError: string | null;
  readonly createdAt: number;
  // A 'failed' send stopped for the outgoing server's certificate (in this run): shown with
  // "Trust this certificate", after which Retry can send it.
  readonly certificate?: UntrustedCertificate;
};

export type AddressSuggestion = {
  readonly name: string;
  readonly address: string;
};

// A message back in the composer: a reopened draft, or one taken back by Undo. Saving with
// draftId replaces that draft (here and in the server's Drafts folder).
export type ComposeDraft = {
  readonly fields: ComposeFields;
  readonly draftId: string | null;
};

// A draft kept by this computer (saved from the composer), for reopening.
export type DraftItem = {
  readonly draftId: string;
  readonly accountId: string;
  readonly subject: string;
  readonly to: readonly string[];
  readonly updatedAt: number;
};
