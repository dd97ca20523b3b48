import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { imapFlowOptions, DEFAULT_TIMEOUT_MS } from './imap-flow-options.ts';
import type { ImapConnectionSettings } from './imap-types.ts';
import { DEFAULT_IMAP_LIMITS } from './imap-limits.ts';

const base: ImapConnectionSettings = {
  host: 'imap.example.org',
  port: 993,
  security: 'tls',
  username: 'alice',
  password: 'pw',
};

describe('imapFlowOptions', () => {
  it('uses implicit TLS for security tls', () => {
    const options = imapFlowOptions(base);
    assert.equal(options.secure, true);
    assert.equal(options.doSTARTTLS, undefined);
    assert.equal(options.tls?.rejectUnauthorized, true);
  });

  it('requires STARTTLS for security starttls and forbids it for none', () => {
    assert.deepEqual(
      [imapFlowOptions({ ...base, security: 'starttls' }), imapFlowOptions({ ...base, security: 'none' })].map((o) => [
        o.secure,
        o.doSTARTTLS,
      ]),
      [
        [false, true],
        [false, false],
      ],
    );
  });

  it('trusts the system roots plus the extra certificates when some are given', () => {
    const options = imapFlowOptions({
      ...base,
      trustedCertificates: ['-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----'],
    });
    const ca = options.tls?.ca;
    assert.ok(Array.isArray(ca));
    assert.equal(ca.length, rootCertificates.length + 1);
    assert.equal(ca.at(-1), '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----');
  });

  it("leaves Node's default roots alone when no extra certificate is given", () => {
    assert.equal(imapFlowOptions(base).tls?.ca, undefined);
  });

  it('applies the timeout to connecting, the greeting and the socket', () => {
    const options = imapFlowOptions({ ...base, timeoutMs: 1234 });
    assert.deepEqual([options.connectionTimeout, options.greetingTimeout, options.socketTimeout], [1234, 1234, 1234]);
    assert.equal(imapFlowOptions(base).socketTimeout, DEFAULT_TIMEOUT_MS);
  });

  it('turns imapflow logging off so no command (LOGIN included) is written anywhere', () => {
    assert.equal(imapFlowOptions(base).logger, false);
  });

  it("caps literals, lines, responses and tokens far below imapflow's gigabyte defaults", () => {
    const options = imapFlowOptions(base);
    assert.deepEqual(
      [options.maxLiteralSize, options.maxLineLength, options.maxResponseSize, options.maxResponseTokens],
      [
        DEFAULT_IMAP_LIMITS.maxLiteralSize,
        DEFAULT_IMAP_LIMITS.maxLineLength,
        DEFAULT_IMAP_LIMITS.maxResponseSize,
        DEFAULT_IMAP_LIMITS.maxResponseTokens,
      ],
    );
    assert.ok(DEFAULT_IMAP_LIMITS.maxLiteralSize <= 256 * 1024 * 1024);
    assert.ok(
      DEFAULT_IMAP_LIMITS.maxResponseSize > DEFAULT_IMAP_LIMITS.maxLiteralSize,
      'room for the FETCH framing around one literal',
    );
    assert.equal(
      imapFlowOptions({
        ...base,
        limits: { ...DEFAULT_IMAP_LIMITS, maxLiteralSize: 10 },
      }).maxLiteralSize,
      10,
    );
  });
});
