import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { makeTestCertificates, type TestCertificates } from '../../test/servers/test-certificates.ts';
import type { CertificateRepository, Pin } from './certificate-repository.ts';
import { createCertificateTrust, type PinnableSettings } from './certificate-trust.ts';
import { fingerprintOf } from './fingerprint.ts';
import { recordPresented } from './presented-certificates.ts';

function memoryRepository(): CertificateRepository & { readonly pins: Map<string, Pin> } {
  const pins = new Map<string, Pin>();
  return {
    pins,
    pin(host, port, certificate) {
      pins.set(`${host.toLowerCase()}:${port}`, { fingerprint: fingerprintOf(certificate) ?? '', certificate });
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

function refused(host: string, port: number, fingerprint: string, trustable = true): LetterboxError {
  return new LetterboxError('tls-untrusted', 'not trusted', { host, port, fingerprint, reason: 'it is self-signed', changed: false, trustable });
}

// Stands for a connection: admitted when the presented certificate is among the pins it was given.
function server(host: string, port: number, presents: string) {
  const fingerprint = fingerprintOf(presents) ?? '';
  const seen: (readonly string[])[] = [];
  const open = (settings: PinnableSettings): Promise<string> => {
    seen.push(settings.pinnedCertificates ?? []);
    if ((settings.pinnedCertificates ?? []).includes(presents)) return Promise.resolve('open');
    recordPresented(host, port, fingerprint, presents);
    return Promise.reject(refused(host, port, fingerprint));
  };
  return { open, seen, fingerprint };
}

describe('certificate trust', () => {
  const dir = makeTempDir();
  let certificates: TestCertificates;
  before(() => {
    certificates = makeTestCertificates(dir.path);
  });
  after(() => {
    dir.remove();
  });

  it('pins only a certificate the server presented there, then hands that certificate to each connection', async () => {
    const repository = memoryRepository();
    const trust = createCertificateTrust(repository, () => Date.now());
    const mail = server('mail.example.org', 993, certificates.selfSigned.cert);
    const open = trust.wrap(mail.open);
    await assert.rejects(trust.trust({ host: 'mail.example.org', port: 993, fingerprint: mail.fingerprint }), /has not shown Letterbox/);
    await assert.rejects(open({ host: 'mail.example.org', port: 993 }), LetterboxError);
    await assert.rejects(trust.trust({ host: 'mail.example.org', port: 143, fingerprint: mail.fingerprint }), /has not shown Letterbox/);
    await trust.trust({ host: 'mail.example.org', port: 993, fingerprint: mail.fingerprint.toLowerCase() });
    assert.equal(await open({ host: 'mail.example.org', port: 993 }), 'open');
    assert.deepEqual(mail.seen, [[], [certificates.selfSigned.cert]]);
    assert.deepEqual(repository.pins.get('mail.example.org:993'), { fingerprint: mail.fingerprint, certificate: certificates.selfSigned.cert });
  });

  it('refuses to pin a certificate out of its dates, which TLS would refuse even as an anchor', async () => {
    const repository = memoryRepository();
    const trust = createCertificateTrust(repository, () => Date.now());
    const fingerprint = fingerprintOf(certificates.expired.cert) ?? '';
    recordPresented('old.example.org', 993, fingerprint, certificates.expired.cert);
    await assert.rejects(trust.trust({ host: 'old.example.org', port: 993, fingerprint }), /out of its dates/);
    assert.equal(repository.pins.size, 0);
  });

  it('fills in the certificate of a pin that kept only its fingerprint when the server presents exactly it, and connects', async () => {
    const repository = memoryRepository();
    const trust = createCertificateTrust(repository, () => Date.now());
    const mail = server('legacy.example.org', 995, certificates.unknownCa.cert);
    repository.pins.set('legacy.example.org:995', { fingerprint: mail.fingerprint, certificate: null });
    const open = trust.wrap(mail.open);
    assert.equal(await open({ host: 'legacy.example.org', port: 995 }), 'open');
    assert.deepEqual(mail.seen, [[], [certificates.unknownCa.cert]]);
    assert.equal(repository.pins.get('legacy.example.org:995')?.certificate, certificates.unknownCa.cert);
  });

  it('leaves a fingerprint-only pin alone when the server presents another certificate', async () => {
    const repository = memoryRepository();
    const trust = createCertificateTrust(repository, () => Date.now());
    const mail = server('other.example.org', 995, certificates.selfSigned.cert);
    const pinned = { fingerprint: fingerprintOf(certificates.unknownCa.cert) ?? '', certificate: null };
    repository.pins.set('other.example.org:995', pinned);
    await assert.rejects(trust.wrap(mail.open)({ host: 'other.example.org', port: 995 }), LetterboxError);
    assert.deepEqual(mail.seen, [[]]);
    assert.deepEqual(repository.pins.get('other.example.org:995'), pinned);
  });
});
