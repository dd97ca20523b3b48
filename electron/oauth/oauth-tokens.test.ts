import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import type { SecretStore } from '../service/service-types.ts';
import type { OAuthProvider } from './oauth-providers.ts';
import { encodeOAuthSecret, newOAuthReference, oauthProviderOfReference } from './oauth-secret.ts';
import { createOAuthTokens } from './oauth-tokens.ts';
import type { FetchLike } from './token-endpoint.ts';

const provider: OAuthProvider = { id: 'p', name: 'P', authorizationEndpoint: 'https://p/auth', tokenEndpoint: 'https://p/token', scopes: ['mail'], clientId: 'c', hosts: [] };

function memoryStore(): SecretStore & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (reference) => Promise.resolve(entries.get(reference) ?? null),
    set: (reference, secret) => {
      entries.set(reference, secret);
      return Promise.resolve();
    },
    delete: (reference) => {
      entries.delete(reference);
      return Promise.resolve();
    },
  };
}

// A token endpoint that counts refresh grants and answers each with a new access token.
function tokenEndpoint(answer: (form: URLSearchParams, n: number) => Record<string, unknown> & { status?: number }): FetchLike & { readonly forms: URLSearchParams[] } {
  const forms: URLSearchParams[] = [];
  const fetchLike = async (_url: string, init: { body: string }): Promise<Response> => {
    const form = new URLSearchParams(init.body);
    forms.push(form);
    await new Promise((resolve) => setImmediate(resolve));
    const { status = 200, ...body } = answer(form, forms.length);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return Object.assign(fetchLike, { forms });
}

describe('OAuth2 access tokens', () => {
  it('refreshes with the stored refresh token, reuses the token until shortly before it ends, then refreshes again', async () => {
    const secrets = memoryStore();
    const reference = newOAuthReference('p');
    await secrets.set(reference, encodeOAuthSecret({ kind: 'oauth2', provider: 'p', refreshToken: 'r1' }));
    let clock = 1_000_000;
    const endpoint = tokenEndpoint((_form, n) => ({ access_token: `a${n}`, expires_in: 3600 }));
    const tokens = createOAuthTokens({ secretStore: secrets, providers: [provider], fetch: endpoint, now: () => clock, refreshMarginMs: 5 * 60_000 });
    assert.equal(await tokens.accessToken(reference, 'x@example.org'), 'a1');
    const [form] = endpoint.forms;
    assert.ok(form);
    assert.equal(form.get('grant_type'), 'refresh_token');
    assert.equal(form.get('refresh_token'), 'r1');
    assert.equal(form.get('client_id'), 'c');
    clock += 54 * 60_000;
    assert.equal(await tokens.accessToken(reference, 'x@example.org'), 'a1', 'still six minutes to go');
    clock += 2 * 60_000;
    assert.equal(await tokens.accessToken(reference, 'x@example.org'), 'a2', 'four minutes to go: refreshed');
  });

  it('runs one refresh for many callers at once, and keeps a rotated refresh token', async () => {
    const secrets = memoryStore();
    const reference = newOAuthReference('p');
    await secrets.set(reference, encodeOAuthSecret({ kind: 'oauth2', provider: 'p', refreshToken: 'r1' }));
    const endpoint = tokenEndpoint((_form, n) => ({ access_token: `a${n}`, expires_in: 3600, refresh_token: 'r2' }));
    const tokens = createOAuthTokens({ secretStore: secrets, providers: [provider], fetch: endpoint });
    const all = await Promise.all([1, 2, 3].map(() => tokens.accessToken(reference, 'x@example.org')));
    assert.deepEqual(all, ['a1', 'a1', 'a1']);
    assert.equal(endpoint.forms.length, 1);
    assert.deepEqual(JSON.parse(secrets.entries.get(reference) ?? ''), { kind: 'oauth2', provider: 'p', refreshToken: 'r2' });
  });

  it('renews a refused token once, and hands a token another connection already renewed to the rest', async () => {
    const secrets = memoryStore();
    const reference = newOAuthReference('p');
    await secrets.set(reference, encodeOAuthSecret({ kind: 'oauth2', provider: 'p', refreshToken: 'r1' }));
    const endpoint = tokenEndpoint((_form, n) => ({ access_token: `a${n}`, expires_in: 3600 }));
    const tokens = createOAuthTokens({ secretStore: secrets, providers: [provider], fetch: endpoint });
    tokens.remember(reference, { accessToken: 'a0', expiresAt: Date.now() + 3_600_000, refreshToken: null });
    assert.equal(await tokens.accessToken(reference, 'x'), 'a0');
    assert.equal(await tokens.renew(reference, 'x', 'a0'), 'a1');
    assert.equal(await tokens.renew(reference, 'x', 'a0'), 'a1', 'a second connection refused with a0 gets a1, no new refresh');
    assert.equal(endpoint.forms.length, 1);
  });

  it('says to sign in again when the refresh token is refused (invalid_grant) or missing, and never shows it', async () => {
    const secrets = memoryStore();
    const reference = newOAuthReference('p');
    await secrets.set(reference, encodeOAuthSecret({ kind: 'oauth2', provider: 'p', refreshToken: 'secret-refresh' }));
    const endpoint = tokenEndpoint(() => ({ status: 400, error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }));
    const tokens = createOAuthTokens({ secretStore: secrets, providers: [provider], fetch: endpoint });
    await assert.rejects(tokens.accessToken(reference, 'x@example.org'), (error: unknown) => {
      assert.ok(error instanceof LetterboxError);
      assert.equal(error.code, 'auth-failed');
      assert.match(error.message, /Sign in again/);
      assert.equal(error.message.includes('secret-refresh'), false);
      return true;
    });
    await assert.rejects(tokens.accessToken(newOAuthReference('p'), 'y@example.org'), /sign-in for y@example.org is missing. Sign in again/);
  });

  it('replaces the secret and the cached token on a new sign-in, after a refresh that was running with the old one', async () => {
    const secrets = memoryStore();
    const reference = newOAuthReference('p');
    await secrets.set(reference, encodeOAuthSecret({ kind: 'oauth2', provider: 'p', refreshToken: 'old' }));
    // The old sign-in's refresh rotates its token: it must not land over the new sign-in's.
    const endpoint = tokenEndpoint((_form, n) => ({ access_token: `a${n}`, expires_in: 3600, refresh_token: 'old-rotated' }));
    const tokens = createOAuthTokens({ secretStore: secrets, providers: [provider], fetch: endpoint });
    const refreshing = tokens.accessToken(reference, 'x');
    const newSecret = encodeOAuthSecret({ kind: 'oauth2', provider: 'p', refreshToken: 'new' });
    const replaced = tokens.replace(reference, newSecret, { accessToken: 'fresh', expiresAt: Date.now() + 3_600_000, refreshToken: 'new' });
    // Asked while the new sign-in is being stored: its token, not the old one's.
    const during = tokens.accessToken(reference, 'x');
    assert.equal(await refreshing, 'a1');
    await replaced;
    assert.equal(await during, 'fresh');
    assert.equal(secrets.entries.get(reference), newSecret);
    assert.equal(await tokens.accessToken(reference, 'x'), 'fresh');
    assert.equal(endpoint.forms.length, 1);
  });

  it('names OAuth2 secrets by their reference, and passwords not', () => {
    assert.equal(oauthProviderOfReference(newOAuthReference('google')), 'google');
    assert.equal(oauthProviderOfReference('account-1234'), null);
  });
});
