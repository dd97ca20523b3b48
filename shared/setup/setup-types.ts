// What account setup finds out before an account exists: the servers discovered from an
// email address (electron/autoconfig/) and the certificates a user was asked to trust
// (electron/certificates/). Plain data, so it crosses IPC and JSON unchanged.
import type { Security } from '../domain.ts';

export type MailProtocol = 'imap' | 'pop3' | 'smtp';

export type DiscoveredServer = {
  readonly protocol: MailProtocol;
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  // The login name to use: the email address unless the provider's file says otherwise.
  readonly username: string;
};

// Where the settings came from, in the order they are tried.
export type DiscoverySource = 'autoconfig' | 'srv' | 'probe' | 'none';

export type DiscoveredSettings = {
  readonly source: DiscoverySource;
  // One sentence for the form: where the settings came from and what to check.
  readonly description: string;
  // Best first: IMAP before POP3, implicit TLS before STARTTLS before none.
  readonly incoming: readonly DiscoveredServer[];
  readonly outgoing: DiscoveredServer | null;
  // True when the best incoming server found offers no encryption at all: the form must
  // warn loudly and make the user choose it explicitly (RFC 8314 section 5).
  readonly unencryptedOnly: boolean;
  // Each step tried and what came of it, for the curious and for bug reports.
  readonly steps: readonly { readonly step: Exclude<DiscoverySource, 'none'>; readonly outcome: string }[];
};

// A certificate the connection was stopped for, as the IMAP layer saw it.
export type UntrustedCertificate = {
  readonly host: string;
  readonly port: number;
  // SHA-256 of the certificate's DER encoding, upper-case hex pairs joined by colons.
  readonly fingerprint: string;
  // Why it is not trusted, in words ("self-signed", "issued for another name", ...).
  readonly reason: string;
  // Set when a different certificate was trusted for this server before.
  readonly changed: boolean;
  // False for a certificate out of its dates, which TLS refuses even when trusted (the dialog
  // then offers no "Trust" and says to have it renewed), or one that could not be read.
  readonly trustable: boolean;
};
