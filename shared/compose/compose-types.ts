// What the composer channels carry across the process boundary (shared/contract.ts).

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
  readonly attachments: readonly ComposeAttachment[];
  readonly relation: ComposeRelation | null;
  // RFC 5322 threading, filled in by prepareReply; the service checks them again.
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
};

export type ReplyMode = 'reply' | 'replyAll' | 'forward';

// A composer's starting point: prefilled fields for a reply or a forward.
export type ComposeStart = ComposeFields;

export type SendOutcome = {
  // 'sent': the server accepted it; 'queued': it waits in the outbox (offline, or the
  // server failed for now) and is sent when it can be.
  readonly status: 'sent' | 'queued';
  // Recipients the server refused (RFC 5321 4.2.2 5xx at RCPT TO) while taking the others.
  readonly rejected: readonly { readonly address: string; readonly reason: string }[];
  // A sentence for the user.
  readonly message: string;
};

export type OutboxState = 'queued' | 'sending' | 'failed';

export type OutboxItem = {
  readonly id: string;
  readonly accountId: string;
  readonly subject: string;
  readonly to: readonly string[];
  readonly state: OutboxState;
  readonly lastError: string | null;
  readonly createdAt: number;
};

export type AddressSuggestion = {
  readonly name: string;
  readonly address: string;
};
