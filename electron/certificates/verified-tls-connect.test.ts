// OpenSSL decides with verification on, and a pinned certificate is admitted as a trust anchor
// of its own: a table of servers (node:tls, certificates made by openssl) and pins, each
// admitted or refused with the certificate, fingerprint and reason the user would be shown.
import assert from 'node:assert/strict';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls, createServer, type SecureVersion, type TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../store/test-fixtures.ts';
import { makeTestCertificates, type KeyPair, type TestCertificates } from '../../test/servers/test-certificates.ts';
import { fingerprintOf } from './fingerprint.ts';
import { presentedCertificate } from './presented-certificates.ts';
import { refusalOf, watchTlsRefusal } from './tls-refusal.ts';
import { connectVerifiedTls } from './verified-tls-connect.ts';
import type { CertificateRefusal } from './certificate-refusal.ts';

type Outcome = { readonly admitted: true } | { readonly admitted: false; readonly refusal: CertificateRefusal | null; readonly error: Error };

async function tlsServer(pair: KeyPair, maxVersion: SecureVersion = 'TLSv1.3'): Promise<{ port: number; received: () => number; stop(): Promise<void> }> {
  let received = 0;
  const server = createServer({ key: pair.key, cert: pair.cert, maxVersion }, (socket) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  return {
    port: address.port,
    received: () => received,
    stop: () => new Promise((resolve) => server.close(() => { resolve(); })),
  };
}

function attempt(port: number, pinnedCertificates: readonly string[], ca?: readonly string[], upgrade = false): Promise<Outcome> {
  return new Promise((resolve) => {
    const check = { host: '127.0.0.1', port, pinnedCertificates };
    const options = { host: '127.0.0.1', port, ...(ca === undefined ? {} : { ca: [...ca] }) };
    const open = (extra: object): TLSSocket => {
      const socket = connectVerifiedTls({ ...options, ...extra }, check, (admitted) => {
        // Written only once admitted; the table checks a refused server got nothing.
        admitted.end('hello');
        resolve({ admitted: true });
      });
      socket.on('error', (error: Error) => {
        resolve({ admitted: false, refusal: refusalOf(error), error });
      });
      return socket;
    };
    if (!upgrade) {
      open({});
      return;
    }
    // STARTTLS: TLS over a socket that was plain first.
    const plain = connectTcp({ host: '127.0.0.1', port }, () => {
      open({ socket: plain });
    });
  });
}

describe('connectVerifiedTls', () => {
  const dir = makeTempDir();
  let certificates: TestCertificates;
  let trustedCa: string;
  let unknownRoot: string;
  before(() => {
    certificates = makeTestCertificates(dir.path);
    trustedCa = certificates.trustedCa.cert;
    unknownRoot = readFileSync(join(dir.path, 'unknown-ca.pem'), 'utf8');
  });
  after(() => {
    dir.remove();
  });

  const cases: readonly {
    readonly name: string;
    readonly presents: (certificates: TestCertificates) => KeyPair;
    readonly pins: (certificates: TestCertificates) => readonly string[];
    // The test CA trusted as a configured extra CA.
    readonly trustCa?: boolean;
    readonly upgrade?: boolean;
    readonly maxVersion?: SecureVersion;
    readonly expect: 'admitted' | { readonly code: string; readonly changed: boolean; readonly trustable: boolean };
  }[] = [
    { name: 'a certificate the configured CA vouches for', presents: (c) => c.valid, pins: () => [], trustCa: true, expect: 'admitted' },
    { name: 'self-signed, nothing pinned', presents: (c) => c.selfSigned, pins: () => [], expect: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', changed: false, trustable: true } },
    { name: 'self-signed and pinned', presents: (c) => c.selfSigned, pins: (c) => [c.selfSigned.cert], expect: 'admitted' },
    { name: 'self-signed and pinned, over STARTTLS', presents: (c) => c.selfSigned, pins: (c) => [c.selfSigned.cert], upgrade: true, expect: 'admitted' },
    { name: 'self-signed, over STARTTLS, nothing pinned', presents: (c) => c.selfSigned, pins: () => [], upgrade: true, expect: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', changed: false, trustable: true } },
    { name: 'self-signed and pinned, TLS 1.2', presents: (c) => c.selfSigned, pins: (c) => [c.selfSigned.cert], maxVersion: 'TLSv1.2', expect: 'admitted' },
    { name: 'self-signed, TLS 1.2, nothing pinned', presents: (c) => c.selfSigned, pins: () => [], maxVersion: 'TLSv1.2', expect: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', changed: false, trustable: true } },
    { name: 'self-signed leaf that is no authority, pinned', presents: (c) => c.selfSignedLeaf, pins: (c) => [c.selfSignedLeaf.cert], expect: 'admitted' },
    { name: 'self-signed, another certificate pinned', presents: (c) => c.selfSigned, pins: (c) => [c.selfSignedLeaf.cert], expect: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', changed: true, trustable: true } },
    { name: 'an unknown authority, nothing pinned', presents: (c) => c.unknownCa, pins: () => [], expect: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', changed: false, trustable: true } },
    { name: 'an unknown authority, the leaf pinned', presents: (c) => c.unknownCa, pins: (c) => [c.unknownCa.cert], expect: 'admitted' },
    { name: 'an unknown authority, its root pinned but not the leaf', presents: (c) => c.unknownCa, pins: () => [unknownRoot], expect: { code: 'CERT_NOT_THE_PINNED_ONE', changed: true, trustable: true } },
    { name: 'another host name', presents: (c) => c.wrongHost, pins: () => [], trustCa: true, expect: { code: 'ERR_TLS_CERT_ALTNAME_INVALID', changed: false, trustable: true } },
    { name: 'another host name, pinned', presents: (c) => c.wrongHost, pins: (c) => [c.wrongHost.cert], trustCa: true, expect: 'admitted' },
    { name: 'expired', presents: (c) => c.expired, pins: () => [], trustCa: true, expect: { code: 'CERT_HAS_EXPIRED', changed: false, trustable: false } },
    { name: 'expired, from an authority nobody trusts', presents: (c) => c.expired, pins: () => [], expect: { code: 'CERT_HAS_EXPIRED', changed: false, trustable: false } },
    { name: 'expired, pinned', presents: (c) => c.expired, pins: (c) => [c.expired.cert], expect: { code: 'CERT_HAS_EXPIRED', changed: false, trustable: false } },
  ];

  for (const testCase of cases) {
    it(`${testCase.expect === 'admitted' ? 'admits' : 'refuses'} ${testCase.name}`, async () => {
      const presented = testCase.presents(certificates);
      const server = await tlsServer(presented, testCase.maxVersion);
      try {
        const outcome = await attempt(server.port, testCase.pins(certificates), testCase.trustCa === true ? [trustedCa] : undefined, testCase.upgrade);
        if (testCase.expect === 'admitted') {
          assert.equal(outcome.admitted, true, outcome.admitted ? '' : outcome.error.message);
          return;
        }
        assert.equal(outcome.admitted, false, 'the server must be refused');
        assert.ok(!outcome.admitted);
        const fingerprint = fingerprintOf(presented.cert);
        assert.deepEqual(
          outcome.refusal && { code: outcome.refusal.verifyCode, fingerprint: outcome.refusal.fingerprint, changed: outcome.refusal.changed, trustable: outcome.refusal.trustable },
          { code: testCase.expect.code, fingerprint, changed: testCase.expect.changed, trustable: testCase.expect.trustable },
          outcome.error.message,
        );
        assert.equal(presentedCertificate('127.0.0.1', server.port, fingerprint ?? ''), presented.cert, 'kept for the user to trust');
        assert.equal(server.received(), 0, 'nothing was written to a refused server');
      } finally {
        await server.stop();
      }
    });
  }

  it('reads the refused certificate of a socket opened elsewhere, as nodemailer opens its own', async () => {
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      const server = await tlsServer(certificates.selfSigned, maxVersion);
      try {
        const check = { host: '127.0.0.1', port: server.port, pinnedCertificates: [] };
        const error = await new Promise<Error>((resolve) => {
          const socket = connectTls({ host: '127.0.0.1', port: server.port });
          watchTlsRefusal(socket, check);
          socket.on('error', resolve);
        });
        assert.equal(refusalOf(error)?.fingerprint, fingerprintOf(certificates.selfSigned.cert), `${maxVersion}: ${error.message}`);
      } finally {
        await server.stop();
      }
    }
  });

  it('does not take a connection that never reached TLS for a certificate refusal', async () => {
    const outcome = await attempt(1, []);
    assert.equal(outcome.admitted, false);
    assert.ok(!outcome.admitted);
    assert.equal(outcome.refusal, null, outcome.error.message);
  });
});
