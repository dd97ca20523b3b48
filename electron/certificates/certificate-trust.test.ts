import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import type { ImapConnectionSettings, ImapSession } from '../imap/imap-types.ts';
import type { CertificateRepository } from './certificate-repository.ts';
import { createCertificateTrust } from './certificate-trust.ts';

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');

function memoryRepository(): CertificateRepository & { readonly pins: Map<string, string> } {
  const pins = new Map<string, string>();
  return {
    pins,
    pin(host, port, fingerprint) {
      pins.set(`${host.toLowerCase()}:${port}`, fingerprint);
      return Promise.resolve();
    },
    pinnedFor(host, port) {
      return Promise.resolve(pins.get(`${host.toLowerCase()}:${port}`) ?? null);
    },
    list: () => Promise.resolve([]),
    unpin(host, port) {
      pins.delete(`${host}:${port}`);
      return Promise.resolve();
    },
  };
}

const settings: ImapConnectionSettings = { host: 'mail.example.org', port: 993, security: 'tls', username: 'a', password: 'p' };

describe('certificate trust', () => {
  it('pins only a certificate the server was refused for, then hands its fingerprint to each connection', async () => {
    const repository = memoryRepository();
    const trust = createCertificateTrust(repository, () => 7);
    const seen: (readonly string[] | undefined)[] = [];
    const open = trust.wrap((given) => {
      seen.push(given.pinnedFingerprints);
      if ((given.pinnedFingerprints ?? []).includes(FINGERPRINT)) return Promise.resolve({} as ImapSession);
      return Promise.reject(
        new LetterboxError('tls-untrusted', 'not trusted', { host: 'mail.example.org', port: 993, fingerprint: FINGERPRINT, reason: 'it is self-signed', changed: false }),
      );
    });

    await assert.rejects(trust.trust({ host: 'mail.example.org', port: 993, fingerprint: FINGERPRINT }), /has not shown Letterbox/);
    await assert.rejects(open(settings), LetterboxError);
    await assert.rejects(trust.trust({ host: 'mail.example.org', port: 143, fingerprint: FINGERPRINT }), /has not shown Letterbox/);
    await trust.trust({ host: 'mail.example.org', port: 993, fingerprint: FINGERPRINT });
    await open(settings);
    assert.deepEqual(seen, [[], [FINGERPRINT]]);
    assert.equal(repository.pins.get('mail.example.org:993'), FINGERPRINT);
  });
});
