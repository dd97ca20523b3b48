// Trust on the user's word, for exactly one certificate per server: connections get the
// certificate pinned for their host and port, and a certificate can only be pinned after
// Letterbox itself was shown it by that server and refused it (presented-certificates.ts).
// So a renderer cannot pin a certificate out of thin air, and the dialog shows what the
// server really presented.
import { X509Certificate } from 'node:crypto';
import { LetterboxError } from '../../shared/errors.ts';
import type { TrustCertificateArgs } from '../../shared/setup/setup-schemas.ts';
import type { CertificateRepository, Pin } from './certificate-repository.ts';
import { datesProblem } from './certificate-dates.ts';
import { normalizeFingerprint } from './fingerprint.ts';
import { presentedCertificate } from './presented-certificates.ts';

export type CertificateTrust = {
  // Wraps a session opener (IMAP, NOTIFY's, POP3, SMTP's send) so each connection carries
  // its server's pinned certificate.
  wrap<S extends PinnableSettings, Rest extends unknown[], T>(
    open: (settings: S, ...rest: Rest) => Promise<T>,
  ): (settings: S, ...rest: Rest) => Promise<T>;
  trust(args: TrustCertificateArgs): Promise<void>;
};

export type PinnableSettings = { readonly host: string; readonly port: number; readonly pinnedCertificates?: readonly string[] };

// A pin from before migration 024 holds only a fingerprint. When its server is refused for
// exactly that certificate, the certificate it presented is the one the user trusted: it is
// kept, and the connection tried once more, now with the certificate as its anchor.
function legacyPinPresented(pin: Pin | null, host: string, port: number, error: unknown): string | null {
  if (pin === null || pin.certificate !== null) return null;
  if (!(error instanceof LetterboxError) || error.certificate === undefined || !error.certificate.trustable) return null;
  if (normalizeFingerprint(error.certificate.fingerprint) !== normalizeFingerprint(pin.fingerprint)) return null;
  return presentedCertificate(host, port, pin.fingerprint);
}

export function createCertificateTrust(repository: CertificateRepository, now: () => number = Date.now): CertificateTrust {
  return {
    wrap(open) {
      return async function openWithPins(settings, ...rest) {
        const pin = await repository.pinnedFor(settings.host, settings.port);
        const given = settings.pinnedCertificates ?? [];
        const withAnchor = (pinned: string | null) => open({ ...settings, pinnedCertificates: pinned === null ? given : [...given, pinned] }, ...rest);
        try {
          return await withAnchor(pin?.certificate ?? null);
        } catch (error) {
          const presented = legacyPinPresented(pin, settings.host, settings.port, error);
          if (presented === null) throw error;
          await repository.pin(settings.host, settings.port, presented, now());
          return withAnchor(presented);
        }
      };
    },
    async trust({ host, port, fingerprint }) {
      const presented = presentedCertificate(host, port, fingerprint);
      if (presented === null) {
        throw new LetterboxError(
          'invalid-argument',
          `${host}:${port} has not shown Letterbox a certificate with this fingerprint. Connect again, and trust the certificate it then shows.`,
        );
      }
      if (datesProblem(new X509Certificate(presented), now()) !== null) {
        throw new LetterboxError('invalid-argument', `The certificate of ${host} is out of its dates, and TLS refuses such a certificate even when trusted. Ask the server’s administrator to renew it.`);
      }
      await repository.pin(host, port, presented, now());
    },
  };
}
