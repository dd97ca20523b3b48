import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccessToken, decideUpgrade, tokensMatch, type UpgradeRequest } from './websocket-access.ts';

const token = 'k3Yt0ken-abcdefghijklmnopqrstuvwxyz0123456';
const server = { token, origin: 'http://127.0.0.1:41234' };
const good: UpgradeRequest = { url: `/ws?token=${token}`, origin: server.origin, host: '127.0.0.1:41234' };

describe('createAccessToken', () => {
  it('makes a 256-bit base64url token that differs each time', () => {
    const first = createAccessToken();
    assert.match(first, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first, createAccessToken());
  });
});

describe('tokensMatch', () => {
  it('matches the same token', () => {
    assert.equal(tokensMatch(token, token), true);
  });
  for (const other of ['', token.slice(0, -1), `${token}x`, token.toUpperCase(), ' '.repeat(43)]) {
    it(`refuses ${JSON.stringify(other.slice(0, 12))}… of length ${other.length}`, () => {
      assert.equal(tokensMatch(token, other), false);
    });
  }
  it('never matches when the expected token is empty', () => {
    assert.equal(tokensMatch('', ''), false);
  });
});

describe('decideUpgrade', () => {
  it('accepts the right path, token, origin and host', () => {
    assert.deepEqual(decideUpgrade(good, server), { accept: true });
  });

  const refused: readonly (readonly [string, UpgradeRequest, 403 | 404])[] = [
    ['no token', { ...good, url: '/ws' }, 403],
    ['an empty token', { ...good, url: '/ws?token=' }, 403],
    ['a wrong token', { ...good, url: `/ws?token=${token.slice(1)}x` }, 403],
    ['the token twice', { ...good, url: `/ws?token=${token}&token=${token}` }, 403],
    ['no Origin', { ...good, origin: undefined }, 403],
    ['another site as Origin', { ...good, origin: 'https://evil.example' }, 403],
    ['localhost as Origin', { ...good, origin: 'http://localhost:41234' }, 403],
    ['another port as Origin', { ...good, origin: 'http://127.0.0.1:41235' }, 403],
    ['the string null as Origin', { ...good, origin: 'null' }, 403],
    ['a rebinding host name', { ...good, host: 'evil.example:41234' }, 403],
    ['no Host', { ...good, host: undefined }, 403],
    ['another path', { ...good, url: `/socket?token=${token}` }, 404],
    ['a path below /ws', { ...good, url: `/ws/x?token=${token}` }, 404],
    ['no URL', { ...good, url: undefined }, 404],
  ];
  for (const [name, request, status] of refused) {
    it(`refuses ${name} with ${status}`, () => {
      assert.deepEqual(decideUpgrade(request, server), { accept: false, status });
    });
  }
});
