import type { Migration } from '../migration.ts';

// A pin keeps the certificate itself (PEM), not only its fingerprint: the TLS layer hands it
// to OpenSSL as a trust anchor, so verification stays on for a pinned server
// (electron/certificates/verified-tls-options.ts). Pins made before have no certificate; the
// next time their server presents exactly that fingerprint, it is filled in from what the
// server showed (electron/certificates/certificate-trust.ts), so nobody is asked again.
export const pinnedCertificatePemMigration: Migration = {
  version: 24,
  name: 'pinned certificate PEM',
  up(database) {
    database.exec(`
      ALTER TABLE pinned_certificates ADD COLUMN certificate TEXT
        CHECK (certificate IS NULL OR (certificate LIKE '-----BEGIN CERTIFICATE-----%' AND length(certificate) < 65536));
    `);
  },
};
