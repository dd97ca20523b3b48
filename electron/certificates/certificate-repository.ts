// The pinned certificates (migration 010): which exact certificate the user trusts for a
// server host and port.
import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from '../store/as-promise.ts';
import { readInteger, readText } from '../store/row-values.ts';

export type PinnedCertificate = {
  readonly host: string;
  readonly port: number;
  readonly fingerprint: string;
  readonly trustedAt: number;
};

export type CertificateRepository = {
  // Trusts this certificate for host:port, replacing any certificate trusted there before.
  pin(host: string, port: number, fingerprint: string, now: number): Promise<void>;
  // The fingerprint trusted for host:port, or null.
  pinnedFor(host: string, port: number): Promise<string | null>;
  list(): Promise<readonly PinnedCertificate[]>;
  unpin(host: string, port: number): Promise<void>;
};

// Host names are case-insensitive (RFC 4343); the store keeps them lower-case.
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase();
}

export function createCertificateRepository(database: DatabaseSync): CertificateRepository {
  return {
    pin(host, port, fingerprint, now) {
      return asPromise(() => {
        database
          .prepare(
            `INSERT INTO pinned_certificates (host, port, fingerprint, trusted_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (host, port) DO UPDATE SET fingerprint = excluded.fingerprint, trusted_at = excluded.trusted_at`,
          )
          .run(normalizeHost(host), port, fingerprint.toUpperCase(), now);
      });
    },
    pinnedFor(host, port) {
      return asPromise(() => {
        const row = database
          .prepare('SELECT fingerprint FROM pinned_certificates WHERE host = ? AND port = ?')
          .get(normalizeHost(host), port);
        return row ? readText(row, 'fingerprint') : null;
      });
    },
    list() {
      return asPromise(() =>
        database
          .prepare('SELECT host, port, fingerprint, trusted_at FROM pinned_certificates ORDER BY host, port')
          .all()
          .map((row) => ({
            host: readText(row, 'host'),
            port: readInteger(row, 'port'),
            fingerprint: readText(row, 'fingerprint'),
            trustedAt: readInteger(row, 'trusted_at'),
          })),
      );
    },
    unpin(host, port) {
      return asPromise(() => {
        database.prepare('DELETE FROM pinned_certificates WHERE host = ? AND port = ?').run(normalizeHost(host), port);
      });
    },
  };
}
