import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPkce, createState, pkceChallenge, sameState } from './pkce.ts';

describe('PKCE and state', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', () => {
    assert.equal(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh verifier of 43 unreserved characters whose challenge matches it', () => {
    const first = createPkce();
    const second = createPkce();
    assert.match(first.verifier, /^[A-Za-z0-9\-._~]{43}$/);
    assert.notEqual(first.verifier, second.verifier);
    assert.equal(first.challenge, pkceChallenge(first.verifier));
    assert.equal(first.method, 'S256');
  });

  it('accepts only the exact state it made', () => {
    const state = createState();
    assert.equal(sameState(state, state), true);
    assert.equal(sameState(state, `${state}x`), false);
    assert.equal(sameState(state, createState()), false);
    assert.equal(sameState(state, null), false);
    assert.equal(sameState(state, ''), false);
  });
});
