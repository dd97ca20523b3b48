// Domain types shared by main and renderer. Plain data only: ids are strings,
// dates are epoch milliseconds, so every value crosses IPC and JSON unchanged.
import type { ErrorCode } from './errors.ts';

export type AccountKind = 'imap' | 'pop3' | 'local';
export type Security = 'tls' | 'starttls' | 'none';

export type ServerSettings = {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
};

export type Account = {
  readonly id: string;
  readonly kind: AccountKind;
  readonly name: string;
  readonly email: string;
  readonly incoming: ServerSettings;
  readonly outgoing: ServerSettings | null;
  // How it signs in; absent: with a password.
  readonly auth?: AccountAuth;
};

// 'oauth2': a sign-in with the provider in the browser (electron/oauth/) instead of a password.
export type AccountAuth = { readonly kind: 'password' } | { readonly kind: 'oauth2'; readonly provider: string };

// RFC 6154 SPECIAL-USE roles, or guessed from well-known names.
export type FolderRole = 'inbox' | 'sent' | 'drafts' | 'trash' | 'junk' | 'archive' | 'all' | 'flagged';

export type Folder = {
  readonly id: string;
  readonly accountId: string;
  readonly path: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly delimiter: string | null;
  readonly role: FolderRole | null;
  readonly subscribed: boolean;
  readonly selectable: boolean;
  readonly unreadCount: number;
  readonly totalCount: number;
};

export type Address = {
  readonly name: string;
  readonly address: string;
};

export type MessageFlags = {
  readonly seen: boolean;
  readonly flagged: boolean;
  readonly answered: boolean;
  readonly draft: boolean;
  readonly deleted: boolean;
};

// 'headers': only the envelope is cached; 'full': the raw source is stored and readable offline.
export type BodyState = 'headers' | 'full';

export type MessageSummary = {
  readonly id: string;
  readonly folderId: string;
  readonly accountId: string;
  readonly uid: number;
  readonly messageId: string | null;
  readonly subject: string;
  readonly from: Address | null;
  readonly to: readonly Address[];
  readonly date: number;
  readonly size: number;
  readonly flags: MessageFlags;
  readonly keywords: readonly string[];
  readonly hasAttachments: boolean;
  readonly bodyState: BodyState;
  // Where it lives (issue 6.5): on the server only, on this computer only, or both (a
  // copy saved locally, or a move to local whose server copy is not yet removed).
  readonly location?: MessageLocation;
};

export type MessageLocation = 'server' | 'local' | 'both';

export type Attachment = {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly inline: boolean;
  readonly contentId: string | null;
};

export type Message = MessageSummary & {
  readonly cc: readonly Address[];
  readonly replyTo: readonly Address[];
  readonly text: string | null;
  // Unsanitised HTML as the sender wrote it: the renderer sanitises it before display.
  readonly html: string | null;
  readonly attachments: readonly Attachment[];
  // The readable MIME parts one by one (electron/mime/body-parts.ts): what the reader,
  // quotes and print show, each part sanitised and rendered on its own.
  readonly bodyParts: readonly BodyPart[];
  // What of the message is not shown as sent, and why (too large, nested too deeply, too
  // many parts: electron/mime/message-view.ts); absent when all of it is.
  readonly notice?: string;
};

// Unsanitised, like html above.
export type BodyPart = { readonly kind: 'html'; readonly html: string } | { readonly kind: 'text'; readonly text: string };

export type AttachmentContent = {
  readonly fileName: string;
  readonly contentType: string;
  readonly base64: string;
};

export type MessagePage = {
  readonly total: number;
  readonly offset: number;
  readonly items: readonly MessageSummary[];
};

export type SyncState = 'idle' | 'connecting' | 'syncing' | 'offline' | 'error';

export type SyncStatus = {
  readonly state: SyncState;
  // A short sentence for the status bar: "Syncing Inbox 1200 of 5000", "Up to date", "Offline".
  readonly text: string;
  readonly accountId: string | null;
  // With 'error': what kind, so the window can offer the way out (an OAuth2 account's
  // 'auth-failed' gets "Sign in again").
  readonly code?: ErrorCode;
};
