// A small OAuth2 authorization server on 127.0.0.1 for tests: the authorization endpoint
// approves at once and redirects with a code (or, when told to, with access_denied), the
// token endpoint checks the PKCE verifier (RFC 7636 4.6) and answers refresh grants, access
// tokens live a few seconds, and an introspection endpoint (RFC 7662) lets Dovecot's oauth2
// passdb check the tokens Letterbox presents.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OAuthProvider } from '../../electron/oauth/oauth-providers.ts';

export type OAuth2ServerOptions = {
  readonly clientId?: string;
  // Lifetime of each access token, in seconds.
  readonly accessTokenLifetimeS?: number;
  // Random bytes in each access token (Microsoft's are well over a kilobyte); default 24.
  readonly accessTokenBytes?: number;
};

export type OAuth2TestServer = {
  readonly issuer: string;
  readonly introspectionUrl: string;
  readonly clientId: string;
  // Goes through the authorization code flow with PKCE for this user, as a client would,
  // and returns the tokens (for tests of the protocol layer without the service).
  signInDirectly(username: string): Promise<{ readonly accessToken: string; readonly refreshToken: string }>;
  // A provider entry pointing here, for the service's oauth.providers.
  provider(hosts?: readonly string[]): OAuthProvider;
  // The next authorization request is answered with error=access_denied.
  denyNext(): void;
  // The next authorization is approved for this user whatever the login_hint asked for, as
  // when someone picks another of their accounts on the provider's page.
  signInAsNext(username: string): void;
  // The access and refresh tokens issued to this user stop working.
  revokeUser(username: string): void;
  // Tokens issued from now on live this long.
  setAccessTokenLifetime(seconds: number): void;
  // Only the access tokens stop working; a refresh still gets a new one.
  revokeAccessTokens(username: string): void;
  // Every refresh token issued (for tests that look for them where they must not be).
  readonly issuedRefreshTokens: readonly string[];
  readonly counts: { authorizations: number; codeGrants: number; refreshGrants: number; introspections: number; activeIntrospections: number; inactiveIntrospections: number };
  // Every access token issued, newest last (to check which one a server was shown).
  readonly issuedAccessTokens: readonly string[];
  stop(): Promise<void>;
};

type Grant = { readonly username: string; readonly clientId: string; readonly redirectUri: string; readonly challenge: string; used: boolean };
type AccessToken = { readonly username: string; readonly expiresAt: number; revoked: boolean };
type RefreshToken = { readonly username: string; revoked: boolean };

function token(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

function readBody(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      resolve(new URLSearchParams(body));
    });
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(value));
}

export async function startOAuth2Server(options: OAuth2ServerOptions = {}): Promise<OAuth2TestServer> {
  const clientId = options.clientId ?? 'letterbox-test-client';
  let lifetimeS = options.accessTokenLifetimeS ?? 3600;
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, AccessToken>();
  const refreshTokens = new Map<string, RefreshToken>();
  const issuedAccessTokens: string[] = [];
  const issuedRefreshTokens: string[] = [];
  const counts = { authorizations: 0, codeGrants: 0, refreshGrants: 0, introspections: 0, activeIntrospections: 0, inactiveIntrospections: 0 };
  let deny = false;
  let signInAs: string | null = null;

  function issue(username: string): Record<string, unknown> {
    const access = token(options.accessTokenBytes);
    accessTokens.set(access, { username, expiresAt: Date.now() + lifetimeS * 1000, revoked: false });
    issuedAccessTokens.push(access);
    return { access_token: access, token_type: 'Bearer', expires_in: lifetimeS };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/authorize' && request.method === 'GET') {
      counts.authorizations += 1;
      const params = url.searchParams;
      const redirectUri = params.get('redirect_uri') ?? '';
      // RFC 8252 7.3: only loopback redirects, any port.
      if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(redirectUri) || params.get('client_id') !== clientId) {
        json(response, 400, { error: 'invalid_request' });
        return;
      }
      const back = new URL(redirectUri);
      back.searchParams.set('state', params.get('state') ?? '');
      if (deny) {
        deny = false;
        back.searchParams.set('error', 'access_denied');
      } else if (params.get('response_type') !== 'code' || params.get('code_challenge_method') !== 'S256' || params.get('code_challenge') === null) {
        back.searchParams.set('error', 'invalid_request');
      } else {
        const code = token();
        const hint = params.get('login_hint') ?? '';
        const username = signInAs ?? hint.split('@')[0] ?? hint;
        signInAs = null;
        grants.set(code, { username, clientId, redirectUri, challenge: params.get('code_challenge') ?? '', used: false });
        back.searchParams.set('code', code);
      }
      response.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const form = await readBody(request);
      if (form.get('client_id') !== clientId) {
        json(response, 401, { error: 'invalid_client' });
        return;
      }
      if (form.get('grant_type') === 'authorization_code') {
        counts.codeGrants += 1;
        const grant = grants.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
        // RFC 6749 4.1.3 and RFC 7636 4.6: once only, same redirect_uri, verifier matches.
        if (grant === undefined || grant.used || grant.redirectUri !== form.get('redirect_uri') || grant.challenge !== challenge) {
          json(response, 400, { error: 'invalid_grant' });
          return;
        }
        grant.used = true;
        const refresh = token();
        refreshTokens.set(refresh, { username: grant.username, revoked: false });
        issuedRefreshTokens.push(refresh);
        json(response, 200, { ...issue(grant.username), refresh_token: refresh });
        return;
      }
      if (form.get('grant_type') === 'refresh_token') {
        counts.refreshGrants += 1;
        const refresh = refreshTokens.get(form.get('refresh_token') ?? '');
        if (refresh === undefined || refresh.revoked) {
          json(response, 400, { error: 'invalid_grant' });
          return;
        }
        json(response, 200, issue(refresh.username));
        return;
      }
      json(response, 400, { error: 'unsupported_grant_type' });
      return;
    }
    if (url.pathname === '/introspect' && request.method === 'POST') {
      counts.introspections += 1;
      const form = await readBody(request);
      const found = accessTokens.get(form.get('token') ?? '');
      const active = found !== undefined && !found.revoked && Date.now() < found.expiresAt;
      if (active) counts.activeIntrospections += 1;
      else counts.inactiveIntrospections += 1;
      json(response, 200, active ? { active: true, username: found.username } : { active: false });
      return;
    }
    response.writeHead(404).end();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      json(response, 500, { error: 'server_error', error_description: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    introspectionUrl: `${issuer}/introspect`,
    clientId,
    provider: (hosts = []) => ({
      id: 'test-provider',
      name: 'Test Provider',
      authorizationEndpoint: `${issuer}/authorize`,
      tokenEndpoint: `${issuer}/token`,
      scopes: ['mail'],
      clientId,
      hosts,
    }),
    async signInDirectly(username) {
      const verifier = token(32);
      const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
      const redirectUri = 'http://127.0.0.1:1/oauth2/callback';
      const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, state: 's', code_challenge: challenge, code_challenge_method: 'S256', login_hint: username });
      const location = (await fetch(`${issuer}/authorize?${query.toString()}`, { redirect: 'manual' })).headers.get('location') ?? '';
      const code = new URL(location).searchParams.get('code') ?? '';
      const answer = (await (
        await fetch(`${issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id: clientId }) })
      ).json()) as { access_token: string; refresh_token: string };
      return { accessToken: answer.access_token, refreshToken: answer.refresh_token };
    },
    denyNext() {
      deny = true;
    },
    signInAsNext(username) {
      signInAs = username;
    },
    setAccessTokenLifetime(seconds) {
      lifetimeS = seconds;
    },
    revokeAccessTokens(username) {
      for (const entry of accessTokens.values()) if (entry.username === username) entry.revoked = true;
    },
    issuedRefreshTokens,
    revokeUser(username) {
      for (const entry of accessTokens.values()) if (entry.username === username) entry.revoked = true;
      for (const entry of refreshTokens.values()) if (entry.username === username) entry.revoked = true;
    },
    counts,
    issuedAccessTokens,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

// The browser's part of a sign-in: opens the authorization URL Letterbox made, follows the
// provider's redirect to Letterbox's loopback listener, and returns the page it answers with.
export async function followAuthorization(url: string): Promise<Response> {
  const authorization = await fetch(url, { redirect: 'manual' });
  const location = authorization.headers.get('location');
  if (authorization.status !== 302 || location === null) throw new Error(`the authorization page answered ${authorization.status} without a redirect`);
  if (!/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/callback\?/.test(location)) throw new Error(`the authorization page redirected elsewhere: ${location}`);
  return fetch(location);
}

// Dovecot's oauth2 passdb asking this server's introspection endpoint (RFC 7662, POST
// token=...), for startDovecot's extraConfig; the passwd-file passdb still serves passwords.
// The passdb's own file lives in a temp dir of its own (Dovecot's is made when it starts).
export function dovecotOAuth2Config(introspectionUrl: string): { readonly extraConfig: readonly string[]; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lb-oauth2-passdb-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'dovecot-oauth2.conf.ext');
  writeFileSync(
    file,
    [
      `introspection_url = ${introspectionUrl}`,
      'introspection_mode = post',
      'force_introspection = yes',
      'username_attribute = username',
      'active_attribute = active',
      'active_value = true',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  return {
    extraConfig: [
      'auth_mechanisms = plain login apop xoauth2 oauthbearer',
      'passdb {',
      '  driver = oauth2',
      '  mechanisms = xoauth2 oauthbearer',
      `  args = ${file}`,
      '}',
    ],
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
