import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizationUrl, builtInProviders, providerForHost } from './oauth-providers.ts';
import { requireClientId } from './token-endpoint.ts';

describe('OAuth2 providers', () => {
  it('matches Gmail and Microsoft 365 servers to their provider, and other servers to none', () => {
    const providers = builtInProviders({});
    assert.equal(providerForHost(providers, 'imap.gmail.com')?.id, 'google');
    assert.equal(providerForHost(providers, 'SMTP.Gmail.com.')?.id, 'google');
    assert.equal(providerForHost(providers, 'outlook.office365.com')?.id, 'microsoft');
    assert.equal(providerForHost(providers, 'imap.example.org'), null);
  });

  it('takes client ids from the environment, and says how to set one up when there is none', () => {
    const unset = builtInProviders({});
    assert.throws(() => requireClientId(unset[0] ?? assert.fail()), /not set up in this copy of Letterbox: it needs a client id registered with Google/);
    const set = builtInProviders({ LETTERBOX_OAUTH_GOOGLE_CLIENT_ID: 'g-id', LETTERBOX_OAUTH_GOOGLE_CLIENT_SECRET: 'g-secret', LETTERBOX_OAUTH_MICROSOFT_CLIENT_ID: 'm-id' });
    assert.equal(set.find((provider) => provider.id === 'google')?.clientId, 'g-id');
    assert.equal(set.find((provider) => provider.id === 'google')?.clientSecret, 'g-secret');
    assert.equal(set.find((provider) => provider.id === 'microsoft')?.clientId, 'm-id');
  });

  it('asks for a code with PKCE S256, the state, the loopback redirect, the mail scopes and offline access', () => {
    const microsoft = builtInProviders({ LETTERBOX_OAUTH_MICROSOFT_CLIENT_ID: 'm-id' }).find((provider) => provider.id === 'microsoft');
    assert.ok(microsoft);
    const url = new URL(authorizationUrl(microsoft, { clientId: 'm-id', redirectUri: 'http://127.0.0.1:5555/oauth2/callback', state: 'st', challenge: 'ch', loginHint: 'a@contoso.com' }));
    assert.equal(url.origin + url.pathname, 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('code_challenge'), 'ch');
    assert.equal(url.searchParams.get('state'), 'st');
    assert.equal(url.searchParams.get('redirect_uri'), 'http://127.0.0.1:5555/oauth2/callback');
    assert.equal(url.searchParams.get('login_hint'), 'a@contoso.com');
    assert.match(url.searchParams.get('scope') ?? '', /IMAP\.AccessAsUser\.All .*POP\.AccessAsUser\.All .*SMTP\.Send offline_access/);
  });
});
