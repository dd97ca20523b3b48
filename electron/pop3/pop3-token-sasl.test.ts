import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenSaslMessage } from '../oauth/token-sasl-message.ts';
import { chooseAuthMethod } from './pop3-login.ts';
import { parseCapabilities } from './pop3-capabilities.ts';
import type { Pop3Capabilities } from './pop3-types.ts';

function capabilities(saslMechanisms: readonly string[]): Pop3Capabilities {
  return parseCapabilities(['USER', ...(saslMechanisms.length === 0 ? [] : [`SASL ${saslMechanisms.join(' ')}`])]);
}

describe('POP3 SASL with a bearer token', () => {
  it('builds the RFC 7628 OAUTHBEARER client response, escaping "," and "=" in the name (RFC 5801)', () => {
    const message = Buffer.from(tokenSaslMessage('OAUTHBEARER', { username: 'a,b=c', accessToken: 'tok', host: 'mail.example.org', port: 995 }), 'base64').toString('utf8');
    assert.equal(message, 'n,a=a=2Cb=3Dc,\x01host=mail.example.org\x01port=995\x01auth=Bearer tok\x01\x01');
  });

  it('builds the XOAUTH2 client response', () => {
    const message = Buffer.from(tokenSaslMessage('XOAUTH2', { username: 'alice@example.org', accessToken: 'tok', host: 'h', port: 995 }), 'base64').toString('utf8');
    assert.equal(message, 'user=alice@example.org\x01auth=Bearer tok\x01\x01');
  });

  it('chooses OAUTHBEARER where offered, else XOAUTH2, for a token; passwords keep PLAIN or USER', () => {
    assert.equal(chooseAuthMethod('auto', capabilities(['PLAIN', 'XOAUTH2', 'OAUTHBEARER']), true), 'sasl-oauthbearer');
    assert.equal(chooseAuthMethod('auto', capabilities(['PLAIN', 'XOAUTH2']), true), 'sasl-xoauth2');
    assert.equal(chooseAuthMethod('auto', capabilities([]), true), 'sasl-xoauth2');
    assert.equal(chooseAuthMethod('auto', capabilities(['PLAIN', 'OAUTHBEARER'])), 'sasl-plain');
    assert.equal(chooseAuthMethod('auto', capabilities([])), 'user');
    assert.equal(chooseAuthMethod('sasl-xoauth2', capabilities(['OAUTHBEARER']), true), 'sasl-xoauth2');
  });
});
