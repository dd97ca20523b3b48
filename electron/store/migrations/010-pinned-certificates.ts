import type { Migration } from '../migration.ts';

// Certificates the user chose to trust although nothing else vouches for them
// (electron/certificates/): one exact certificate, by its SHA-256 fingerprint, per server
// host and port. Not tied to an account: the trust is given while an account is being set
// up, before it exists, and belongs to the server. A different certificate on the same
// host and port is refused again until the user trusts it, which replaces the row.
export const pinnedCertificatesMigration: Migration = {
  version: 10,
  name: 'pinned certificates',
  up(database) {
    database.exec(`
      CREATE TABLE pinned_certificates (
        host TEXT NOT NULL CHECK (length(host) BETWEEN 1 AND 253 AND host = lower(host)),
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 95 AND fingerprint = upper(fingerprint)),
        trusted_at INTEGER NOT NULL,
        PRIMARY KEY (host, port)
      ) STRICT;
    `);
  },
};
