// The pinned certificates (migrations 010 and 024): which exact certificate the user trusts
// for a server host and port.
import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from '../store/as-promise.ts';
import { readInteger, readText } from '../store/row-values.ts';
import { fingerprintOf } from './fingerprint.ts';

export type PinnedCertificate = {
  readonly host: string;
  readonly port: number;
  readonly fingerprint: string;
  readonly trustedAt: number;
};

// What is pinned for one host and port. `certificate` is null for a pin made before migration
// 024, which kept only the fingerprint.
export type Pin = { readonly fingerprint: string; readonly certificate: string | null };

export type CertificateRepository = {
  // Trusts this certificate (PEM) for host:port, replacing any certificate trusted there before.
  pin(host: string, port: number, certificate: string, now: number): Promise<void>;
  pinnedFor(host: string, port: number): Promise<Pin | null>;
  list(): Promise<readonly PinnedCertificate[]>;
  unpin(host: string, port: number): Promise<void>;
};

// Host names are case-insensitive (RFC 4343); the store keeps them lower-case.
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase();
}

export function createCertificateRepository(database: DatabaseSync): CertificateRepository {
  return {
    pin(host, port, certificate, now) {
      return asPromise(() => {
        const fingerprint = fingerprintOf(certificate);
        if (fingerprint === null) throw new Error('Only a certificate can be pinned');
        database
          .prepare(
            `INSERT INTO pinned_certificates (host, port, fingerprint, certificate, trusted_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (host, port) DO UPDATE SET fingerprint = excluded.fingerprint, certificate = excluded.certificate,
               trusted_at = excluded.trusted_at`,
          )
          .run(normalizeHost(host), port, fingerprint, certificate, now);
      });
    },
    pinnedFor(host, port) {
      return asPromise(() => {
        const row = database
          .prepare('SELECT fingerprint, certificate FROM pinned_certificates WHERE host = ? AND port = ?')
          .get(normalizeHost(host), port);
        if (row === undefined) return null;
        return { fingerprint: readText(row, 'fingerprint'), certificate: row.certificate === null ? null : readText(row, 'certificate') };
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
