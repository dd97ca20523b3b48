import type { z } from 'zod';
import type { Store } from '../store/store.ts';
import type { SyncTuning } from '../sync/sync-tuning.ts';
import type { MoveOptions, OpenImapSession } from '../imap/imap-types.ts';
import type { OpenNotifySession } from '../imap/notify-types.ts';
import type { Dispatch } from './dispatch.ts';
import type { SendRaw } from '../smtp/smtp-types.ts';
import type { DiscoveryOptions } from '../autoconfig/discover-settings.ts';
import type { OpenPop3Session } from '../pop3/pop3-types.ts';
import type { ChannelName, Contract, ResultOf } from '../../shared/contract.ts';
import type { EventMap, EventName } from '../../shared/events.ts';
import type { PasswordStorage } from '../../shared/secrets/password-storage.ts';
import type { OAuthProvider } from '../oauth/oauth-providers.ts';
import type { ExportTarget } from '../local/begin-export.ts';

// One async function per channel, taking the already-validated arguments.
export type Handlers = {
  readonly [C in ChannelName]: (args: z.output<Contract[C]['args']>) => Promise<ResultOf<C>>;
};

export type EventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export type EmitEvent = <E extends EventName>(event: E, payload: EventMap[E]) => void;

// Where account passwords live: Electron's safeStorage, or a 0600 file in browser mode.
// The store keeps only the reference.
export type SecretStore = {
  get(reference: string): Promise<string | null>;
  set(reference: string, secret: string): Promise<void>;
  delete(reference: string): Promise<void>;
  // Where the passwords really go and what that means (reported by getPasswordStorage).
  storage?(): PasswordStorage;
};

export type ServiceOptions = {
  readonly dataDir: string;
  readonly secretStore: SecretStore;
  // Defaults to the imapflow implementation; tests may wrap it.
  readonly openImapSession?: OpenImapSession;
  // The NOTIFY (RFC 5465) listener; defaults to electron/imap/notify-connection.ts unless
  // openImapSession is replaced (a test that routes or fails IMAP sessions gets no second
  // path to the server), then none unless given here; null turns it off.
  readonly openNotifySession?: OpenNotifySession | null;
  // PEM certificates trusted in addition to the system's (tests' self-signed CA).
  readonly trustedCertificates?: readonly string[];
  // Opens an already-checked http(s) or mailto URL outside the app; false where the
  // transport cannot (browser mode), so the page opens it itself.
  readonly openExternal: (url: string) => Promise<boolean>;
  readonly logError?: (error: unknown) => void;
  // Sync timing and modes, for tests: fast backoff and checks, forced UID comparison.
  readonly sync?: SyncTuning;
  // Defaults to electron/pop3's client; tests may wrap it (a server without UIDL).
  readonly openPop3Session?: OpenPop3Session;
  // Replaces every POP3 account's check interval (tests).
  readonly pop3CheckIntervalMs?: number;
  // Where account setup looks for settings (tests point it at 127.0.0.1).
  readonly discovery?: DiscoveryOptions;
  // Sends a message over SMTP; defaults to nodemailer (electron/smtp/). Tests may wrap it.
  readonly sendRaw?: SendRaw;
  // How queued moves are sent; { useMove: false } forces COPY + EXPUNGE (tests).
  readonly actionMoveOptions?: MoveOptions;
  // OAuth2 sign-in (electron/oauth/): the providers (default: Google and Microsoft with client
  // ids from the environment; tests add their own server), how long the browser may take,
  // and how early an access token is refreshed.
  // Where beginExport sends a folder's mbox or a message's .eml (electron/local/begin-export.ts):
  // Electron's save dialog or browser mode's one-time download; unset, exports are refused.
  readonly exportTarget?: ExportTarget;
  readonly oauth?: {
    readonly providers?: readonly OAuthProvider[];
    readonly signInTimeoutMs?: number;
    readonly refreshMarginMs?: number;
  };
};

export type Service = {
  readonly dispatch: Dispatch;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
};

// What the parts of the service that reach an account's server need.
export type AccountAccess = {
  readonly store: Store;
  readonly secretStore: SecretStore;
  readonly openImapSession: OpenImapSession;
  readonly trustedCertificates?: readonly string[];
  readonly logError: (error: unknown) => void;
};
