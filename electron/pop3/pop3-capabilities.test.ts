import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NO_CAPABILITIES, parseCapabilities } from './pop3-capabilities.ts';

describe('parsing a CAPA response', () => {
  it('reads what Dovecot announces before login', () => {
    const capabilities = parseCapabilities([
      'CAPA',
      'TOP',
      'UIDL',
      'RESP-CODES',
      'PIPELINING',
      'AUTH-RESP-CODE',
      'STLS',
      'USER',
      'SASL PLAIN LOGIN',
    ]);
    assert.equal(capabilities.announced, true);
    assert.equal(capabilities.top, true);
    assert.equal(capabilities.uidl, true);
    assert.equal(capabilities.respCodes, true);
    assert.equal(capabilities.pipelining, true);
    assert.equal(capabilities.authRespCode, true);
    assert.equal(capabilities.stls, true);
    assert.equal(capabilities.user, true);
    assert.deepEqual(capabilities.saslMechanisms, ['PLAIN', 'LOGIN']);
    assert.equal(capabilities.loginDelaySeconds, null);
    assert.equal(capabilities.expire, null);
  });

  it('reads LOGIN-DELAY, EXPIRE and IMPLEMENTATION with their arguments, in any case', () => {
    const capabilities = parseCapabilities([
      'login-delay 900',
      'Expire 31 USER',
      'IMPLEMENTATION Shlemazle Plotz v302',
      'sasl cram-md5 Plain',
    ]);
    assert.equal(capabilities.loginDelaySeconds, 900);
    assert.equal(capabilities.expire, 31);
    assert.equal(capabilities.implementation, 'Shlemazle Plotz v302');
    assert.deepEqual(capabilities.saslMechanisms, ['CRAM-MD5', 'PLAIN']);
  });

  it('tells EXPIRE NEVER from EXPIRE 0, which means mail is deleted once retrieved', () => {
    assert.equal(parseCapabilities(['EXPIRE NEVER']).expire, 'never');
    assert.equal(parseCapabilities(['EXPIRE 0']).expire, 0);
  });

  it('ignores unknown capabilities and malformed arguments instead of guessing', () => {
    const capabilities = parseCapabilities(['X-FANCY yes', 'LOGIN-DELAY soon', 'EXPIRE -3', '', '   ']);
    assert.equal(capabilities.loginDelaySeconds, null);
    assert.equal(capabilities.expire, null);
    assert.deepEqual(capabilities.lines, ['X-FANCY yes', 'LOGIN-DELAY soon', 'EXPIRE -3']);
    assert.equal(capabilities.pipelining, false);
  });

  it('has nothing announced for a server without CAPA', () => {
    assert.equal(NO_CAPABILITIES.announced, false);
    assert.equal(NO_CAPABILITIES.pipelining, false);
  });
});
