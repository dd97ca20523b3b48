import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apopDigest, greetingTimestamp } from './apop-digest.ts';

describe('APOP', () => {
  it('computes the digest of the RFC 1939 example', () => {
    // RFC 1939 7: shared secret "tanstaaf".
    assert.equal(apopDigest('<1896.697170952@dbc.mtview.ca.us>', 'tanstaaf'), 'c4c9334bac560ecc979e58001b3e22fb');
  });

  it('finds the timestamp in a greeting, and reports none when there is none', () => {
    assert.equal(greetingTimestamp('POP3 server ready <1896.697170952@dbc.mtview.ca.us>'), '<1896.697170952@dbc.mtview.ca.us>');
    assert.equal(
      greetingTimestamp('Dovecot (Debian) ready. <5c00.4.6b093467.MIIPbkYHVddVFLpjCl6rzg==@vm>'),
      '<5c00.4.6b093467.MIIPbkYHVddVFLpjCl6rzg==@vm>',
    );
    assert.equal(greetingTimestamp('Dovecot ready.'), null);
    assert.equal(greetingTimestamp('ready <not a timestamp>'), null);
  });
});
