// Trust on the user's word, for exactly one certificate per server: connections get the
// pinned fingerprint of their host and port, and a certificate can only be pinned after
// Letterbox itself was shown it by that server and refused it. So a renderer cannot pin a
// fingerprint out of thin air, and the dialog shows what the server really presented.
import { LetterboxError } from '../../shared/errors.ts';
import type { UntrustedCertificate } from '../../shared/setup/setup-types.ts';
import type { TrustCertificateArgs } from '../../shared/setup/setup-schemas.ts';
import { normalizeHost, type CertificateRepository } from './certificate-repository.ts';

// Refusals remembered for trustCertificate; old ones fall out.
const REMEMBERED_REFUSALS = 100;

export type CertificateTrust = {
  // Wraps a session opener (IMAP, NOTIFY's, POP3) so each connection carries its server's
  // pinned certificate and every refusal is remembered.
  wrap<S extends PinnableSettings, Rest extends unknown[], T>(
    open: (settings: S, ...rest: Rest) => Promise<T>,
  ): (settings: S, ...rest: Rest) => Promise<T>;
  // Remembers a certificate refused by a connection opened another way (SMTP's sends).
  remember(certificate: UntrustedCertificate): void;
  trust(args: TrustCertificateArgs): Promise<void>;
  pinnedFingerprints(host: string, port: number): Promise<readonly string[]>;
};

export type PinnableSettings = { readonly host: string; readonly port: number; readonly pinnedFingerprints?: readonly string[] };

function key(host: string, port: number, fingerprint: string): string {
  return `${normalizeHost(host)}\n${port}\n${fingerprint.toUpperCase()}`;
}

export function createCertificateTrust(repository: CertificateRepository, now: () => number = Date.now): CertificateTrust {
  const refused = new Set<string>();

  function remember(certificate: UntrustedCertificate): void {
    if (certificate.fingerprint.length === 0) return;
    const entry = key(certificate.host, certificate.port, certificate.fingerprint);
    refused.delete(entry);
    refused.add(entry);
    while (refused.size > REMEMBERED_REFUSALS) {
      const oldest = refused.values().next();
      if (oldest.done === true) break;
      refused.delete(oldest.value);
    }
  }

  async function pinnedFingerprints(host: string, port: number): Promise<readonly string[]> {
    const pinned = await repository.pinnedFor(host, port);
    return pinned === null ? [] : [pinned];
  }

  return {
    wrap(open) {
      return async function openWithPins(settings, ...rest) {
        const pinned = await pinnedFingerprints(settings.host, settings.port);
        try {
          return await open({ ...settings, pinnedFingerprints: [...(settings.pinnedFingerprints ?? []), ...pinned] }, ...rest);
        } catch (error) {
          if (error instanceof LetterboxError && error.certificate !== undefined) remember(error.certificate);
          throw error;
        }
      };
    },
    remember,
    async trust({ host, port, fingerprint }) {
      if (!refused.has(key(host, port, fingerprint))) {
        throw new LetterboxError(
          'invalid-argument',
          `${host}:${port} has not shown Letterbox a certificate with this fingerprint. Connect again, and trust the certificate it then shows.`,
        );
      }
      await repository.pin(host, port, fingerprint, now());
      refused.delete(key(host, port, fingerprint));
    },
    pinnedFingerprints,
  };
}
