// What a NOTIFY connection (RFC 5465, electron/imap/notify-connection.ts) tells sync.
import type { ImapConnectionSettings } from './imap-types.ts';
import type { MailboxStatus } from './notify-responses.ts';

export type NotifyNotice =
  // A mailbox's messages or flags changed (RFC 5465 5.1-5.3 as STATUS); also sent for every
  // mailbox once when NOTIFY starts (the STATUS indicator), so changes made before are seen.
  | { readonly kind: 'status'; readonly path: string; readonly status: MailboxStatus }
  // A mailbox was created, deleted (exists false), renamed (oldPath) or (un)subscribed (5.4, 5.5).
  | { readonly kind: 'mailbox'; readonly path: string; readonly oldPath: string | null; readonly exists: boolean }
  // RFC 5465 5.8: the server stopped notifying; everything must be checked again.
  | { readonly kind: 'overflow' }
  // Every mailbox the STATUS burst of one NOTIFY SET named, sent after its last STATUS: a
  // stored folder not among them was deleted or renamed without a LIST being heard.
  | { readonly kind: 'snapshot'; readonly paths: readonly string[] };

export type NotifyHandlers = {
  readonly onNotice: (notice: NotifyNotice) => void;
};

export type NotifySession = {
  // Resolves once close() ended the session; rejects with a LetterboxError when it was lost.
  readonly done: Promise<void>;
  close(): Promise<void>;
};

// Resolves with null when the server does not offer NOTIFY.
export type OpenNotifySession = (settings: ImapConnectionSettings, handlers: NotifyHandlers) => Promise<NotifySession | null>;
