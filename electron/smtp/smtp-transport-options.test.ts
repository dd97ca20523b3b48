import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smtpTransportOptions } from './smtp-transport-options.ts';

const base = { host: 'smtp.example.org', username: 'alice', password: 'pw' } as const;

describe('smtpTransportOptions', () => {
  it('makes a STARTTLS account upgrade or fail (requireTLS), never fall back to clear text', () => {
    const options = smtpTransportOptions({ ...base, port: 587, security: 'starttls' });
    assert.equal(options.requireTLS, true);
    assert.equal(options.ignoreTLS, false);
    assert.equal(options.secure, false);
  });

  it('speaks TLS from the first byte for implicit TLS (465), and sends SNI only for a host name', () => {
    const options = smtpTransportOptions({ ...base, port: 465, security: 'tls' });
    assert.equal(options.secure, true);
    assert.equal(options.tls?.servername, 'smtp.example.org');
    assert.equal(smtpTransportOptions({ ...base, host: '127.0.0.1', port: 465, security: 'tls' }).tls?.servername, undefined);
  });

  it('keeps the system roots beside extra CAs', () => {
    const options = smtpTransportOptions({ ...base, port: 465, security: 'tls', trustedCertificates: ['EXTRA'] });
    const ca = options.tls?.ca as readonly string[];
    assert.ok(ca.includes('EXTRA'));
    assert.ok(ca.length > 1);
  });
});
