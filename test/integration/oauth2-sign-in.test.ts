// OAuth2 sign-in end to end: a local authorization server (test/servers/oauth2-server.ts),
// Dovecot's oauth2 passdb asking its introspection endpoint, and Postfix logging senders in
// through Dovecot's SASL. The test plays the browser: it fetches the authorization URL the
// service handed to openExternal and follows the redirect to the loopback listener.
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { Account, SyncStatus } from '../../shared/domain.ts';
import type { AppError } from '../../shared/errors.ts';
import { createSafeStorageSecretStore, type StringCipher } from '../../electron/secrets/safe-storage-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { postfixSkipReason, startPostfix, type PostfixServer } from '../servers/postfix.ts';
import { dovecotOAuth2Config, startOAuth2Server, type OAuth2TestServer } from '../servers/oauth2-server.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import { eventually } from '../servers/service-harness.ts';

const skip = dovecotSkipReason() || postfixSkipReason();
// Short enough that the test sees a token run out; the service refreshes 1 s early.
const TOKEN_LIFETIME_S = 4;

function testKeyring(): StringCipher {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = join(directory, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('OAuth2 sign-in against a local authorization server and Dovecot', { skip }, () => {
  const dir = makeTempDir('lb-oauth2-');
  const dataDir = join(dir.path, 'data');
  let oauth: OAuth2TestServer;
  let passdb: ReturnType<typeof dovecotOAuth2Config>;
  let dovecot: DovecotServer;
  let postfix: PostfixServer;
  let service: Service;
  const opened: string[] = [];
  // Everything the service said towards the renderer or its log, searched for tokens at the end.
  let transcript = '';
  let imapAccount: Account;
  const statuses: SyncStatus[] = [];

  async function call<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<{ ok: true; value: ResultOf<C> } | { ok: false; error: AppError }> {
    const result = await service.dispatch(channel, args);
    transcript += JSON.stringify(result);
    return result as { ok: true; value: ResultOf<C> } | { ok: false; error: AppError };
  }

  async function request<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
    const result = await call(channel, args);
    if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  // The browser: open the authorization page, follow its redirect to the loopback listener.
  async function playBrowser(url: string): Promise<Response> {
    const authorization = await fetch(url, { redirect: 'manual' });
    assert.equal(authorization.status, 302);
    const location = authorization.headers.get('location');
    assert.ok(location !== null);
    assert.match(location, /^http:\/\/127\.0\.0\.1:\d+\/oauth2\/callback\?/);
    return fetch(location);
  }

  async function signIn(account: ArgsOf<'finishOAuthSignIn'>['account']): Promise<Awaited<ReturnType<typeof call<'finishOAuthSignIn'>>>> {
    const start = await request('startOAuthSignIn', { provider: 'test-provider', email: account.email });
    assert.equal(start.opened, true);
    assert.equal(opened.at(-1), start.url, 'the authorization URL went to the system browser');
    const finishing = call('finishOAuthSignIn', { signInId: start.signInId, account });
    const page = await playBrowser(start.url);
    assert.equal(page.status, 200);
    return finishing;
  }

  async function inboxTotal(accountId: string): Promise<number> {
    const inbox = (await request('listFolders', { accountId })).find((folder) => folder.path === 'INBOX');
    if (inbox === undefined) return -1;
    return (await request('listMessages', { folderId: inbox.id, offset: 0, limit: 10 })).total;
  }

  function dovecotLog(): string {
    return readFileSync(join(dovecot.dir, 'dovecot.log'), 'utf8');
  }

  before(async () => {
    oauth = await startOAuth2Server({ accessTokenLifetimeS: TOKEN_LIFETIME_S });
    passdb = dovecotOAuth2Config(oauth.introspectionUrl);
    dovecot = await startDovecot({ mta: true, extraConfig: passdb.extraConfig });
    postfix = await startPostfix(dovecot);
    await appendMessages(dovecot, 'alice', 'INBOX', [0, 1, 2].map((i) => ({ raw: generateMessage(i) })));
    await appendMessages(dovecot, 'bob', 'INBOX', [10, 11].map((i) => ({ raw: generateMessage(i) })));
    service = createService({
      dataDir,
      secretStore: createSafeStorageSecretStore(dataDir, testKeyring(), 'linux'),
      trustedCertificates: [dovecot.caCertificate],
      openExternal: (url) => {
        opened.push(url);
        return Promise.resolve(true);
      },
      logError: (error) => {
        transcript += `${String(error)}\n${(error as Error | undefined)?.stack ?? ''}\n`;
      },
      oauth: { providers: [oauth.provider()], refreshMarginMs: 1000, signInTimeoutMs: 60_000 },
      // No background checks: each login in this test is one the test asked for.
      sync: { checkIntervalMs: 3_600_000 },
      pop3CheckIntervalMs: 3_600_000,
      openNotifySession: null,
    });
    service.subscribe((event, payload) => {
      transcript += JSON.stringify({ event, payload });
      if (event === 'status') statuses.push(payload as SyncStatus);
    });
  });

  after(async () => {
    await service.close();
    await postfix.stop();
    await dovecot.stop();
    await oauth.stop();
    passdb.remove();
    dir.remove();
  });

  it('adds an IMAP account by signing in in the browser (PKCE, loopback redirect) and syncs it over OAUTHBEARER', { timeout: 60_000 }, async () => {
    const finished = await signIn({
      kind: 'imap',
      name: 'Alice',
      email: 'alice@example.org',
      incoming: { host: dovecot.host, port: dovecot.imapsPort, security: 'tls', username: 'alice' },
      outgoing: { host: postfix.host, port: postfix.submissionPort, security: 'starttls', username: 'alice' },
    });
    assert.ok(finished.ok, JSON.stringify(finished));
    imapAccount = finished.value;
    assert.deepEqual(imapAccount.auth, { kind: 'oauth2', provider: 'test-provider' });
    assert.deepEqual((await request('listAccounts', {})).find((account) => account.id === imapAccount.id)?.auth, { kind: 'oauth2', provider: 'test-provider' });
    // The authorization request carried PKCE S256 and a state, to a 127.0.0.1 redirect.
    const authorization = new URL(opened.at(-1) ?? '');
    assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authorization.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/oauth2\/callback$/);
    assert.ok((authorization.searchParams.get('state') ?? '').length >= 32);
    assert.equal(oauth.counts.codeGrants, 1);

    await eventually(async () => {
      assert.equal(await inboxTotal(imapAccount.id), 3);
    }, 30_000);
    assert.match(dovecotLog(), /imap-login: Info: Login: user=<alice>, method=OAUTHBEARER/);
    assert.ok(oauth.counts.activeIntrospections >= 1, 'Dovecot checked the token with the authorization server');
  });

  it('refreshes an access token that ran out, without asking the user, and syncs new mail', { timeout: 60_000 }, async () => {
    const firstToken = oauth.issuedAccessTokens[0];
    assert.ok(firstToken !== undefined);
    const refreshesBefore = oauth.counts.refreshGrants;
    // Wait until the authorization server itself says the first token is over.
    await eventually(async () => {
      const answer = (await (await fetch(oauth.introspectionUrl, { method: 'POST', body: new URLSearchParams({ token: firstToken }) })).json()) as { active: boolean };
      assert.equal(answer.active, false);
    }, 30_000);
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(3) }]);
    await request('syncAccount', { accountId: imapAccount.id });
    await eventually(async () => {
      assert.equal(await inboxTotal(imapAccount.id), 4);
    }, 30_000);
    assert.ok(oauth.counts.refreshGrants > refreshesBefore, 'a refresh grant was used');
    assert.equal(oauth.counts.authorizations, 1, 'the user was not sent to the browser again');
  });

  it('renews a token the server refuses before its time (revoked) once, and goes on', { timeout: 60_000 }, async () => {
    // A token that is fresh by the service's clock for an hour: let the current short one run
    // out, so the next sync refreshes to a long one.
    oauth.setAccessTokenLifetime(3600);
    const current = oauth.issuedAccessTokens.at(-1) ?? '';
    await eventually(async () => {
      const answer = (await (await fetch(oauth.introspectionUrl, { method: 'POST', body: new URLSearchParams({ token: current }) })).json()) as { active: boolean };
      assert.equal(answer.active, false);
    }, 30_000);
    await request('syncAccount', { accountId: imapAccount.id });
    // Now refused by Dovecot although the service thinks it good: only the refresh token works.
    oauth.revokeAccessTokens('alice');
    const refreshesBefore = oauth.counts.refreshGrants;
    const refusalsBefore = oauth.counts.inactiveIntrospections;
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(4) }]);
    await request('syncAccount', { accountId: imapAccount.id });
    await eventually(async () => {
      assert.equal(await inboxTotal(imapAccount.id), 5);
    }, 30_000);
    assert.ok(oauth.counts.inactiveIntrospections > refusalsBefore, 'Dovecot was shown the revoked token and refused it');
    assert.equal(oauth.counts.refreshGrants, refreshesBefore + 1, 'exactly one renewal');
  });

  it('sends through Postfix with AUTH XOAUTH2 checked by Dovecot, renewing a refused token once', { timeout: 60_000 }, async () => {
    // No undo-send wait: the answer then says whether Postfix took it.
    await request('setSendDelay', { seconds: 0 });
    // The cached token is refused (revoked): nodemailer asks for a new one once, and sends.
    oauth.revokeAccessTokens('alice');
    const refreshesBefore = oauth.counts.refreshGrants;
    const outcome = await request('sendMessage', {
      message: {
        accountId: imapAccount.id,
        to: ['Bob Example <bob@example.org>'],
        cc: [],
        bcc: [],
        subject: 'Sent with a token',
        body: 'Hi Bob\n',
        attachments: [],
        relation: null,
        inReplyTo: null,
        references: [],
      },
      draftId: null,
    });
    assert.equal(outcome.status, 'sent', JSON.stringify(outcome));
    assert.match(postfix.log(), /sasl_method=XOAUTH2, sasl_username=alice/);
    assert.equal(oauth.counts.refreshGrants, refreshesBefore + 1, 'the refused token was renewed once');
    await eventually(async () => {
      const found = await dovecot.doveadm(['search', '-u', 'bob', 'mailbox', 'INBOX', 'subject', 'Sent with a token']);
      assert.notEqual(found.trim(), '');
    }, 20_000);
  });

  it('adds a POP3 account by signing in and downloads its mail over SASL OAUTHBEARER', { timeout: 60_000 }, async () => {
    const finished = await signIn({
      kind: 'pop3',
      email: 'bob@example.org',
      incoming: { host: dovecot.host, port: dovecot.pop3sPort, security: 'tls', username: 'bob' },
      outgoing: null,
    });
    assert.ok(finished.ok, JSON.stringify(finished));
    assert.deepEqual(finished.value.auth, { kind: 'oauth2', provider: 'test-provider' });
    await request('syncAccount', { accountId: finished.value.id });
    const local = (await request('listAccounts', {})).find((account) => account.kind === 'local');
    assert.ok(local);
    await eventually(async () => {
      // Bob's two seeded messages and the one Alice sent him.
      assert.equal(await inboxTotal(local.id), 3);
    }, 30_000);
    assert.match(dovecotLog(), /pop3-login: Info: Login: user=<bob>, method=OAUTHBEARER/);
  });

  it('refuses a password for an account that signs in with its provider', async () => {
    const result = await call('updateAccount', { accountId: imapAccount.id, password: 'not-a-token' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'invalid-argument');
    assert.match(result.error.message, /signs in with its provider/);
  });

  it('says to sign in again when the sign-in was revoked', { timeout: 60_000 }, async () => {
    oauth.revokeUser('alice');
    const result = await call('syncAccount', { accountId: imapAccount.id });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'auth-failed');
    assert.match(result.error.message, /Sign in again/);
    // The status line says so too, for the account.
    const last = statuses.filter((status) => status.accountId === imapAccount.id).at(-1);
    assert.equal(last?.state, 'error');
    assert.match(last.text, /Sign in again/);
  });

  it('reports a sign-in denied in the browser, and a callback with the wrong state', { timeout: 60_000 }, async () => {
    const account = {
      kind: 'imap' as const,
      email: 'carol@example.org',
      incoming: { host: dovecot.host, port: dovecot.imapsPort, security: 'tls' as const, username: 'carol' },
      outgoing: null,
    };
    oauth.denyNext();
    const denied = await signIn(account);
    assert.ok(!denied.ok);
    assert.equal(denied.error.code, 'auth-failed');
    assert.match(denied.error.message, /denied/);

    const start = await request('startOAuthSignIn', { provider: 'test-provider', email: account.email });
    const redirectUri = new URL(start.url).searchParams.get('redirect_uri') ?? '';
    const finishing = call('finishOAuthSignIn', { signInId: start.signInId, account });
    const forged = await fetch(`${redirectUri}?code=forged&state=not-the-one`);
    assert.equal(forged.status, 400);
    const mismatch = await finishing;
    assert.ok(!mismatch.ok);
    assert.match(mismatch.error.message, /state mismatch/);
    const accounts = await request('listAccounts', {});
    assert.equal(accounts.some((entry) => entry.email === 'carol@example.org'), false);
  });

  it('keeps no token in the data directory, in anything sent to the renderer, or in the log', () => {
    const secrets = [...oauth.issuedRefreshTokens, ...oauth.issuedAccessTokens];
    assert.ok(oauth.issuedRefreshTokens.length >= 2 && oauth.issuedAccessTokens.length >= 4);
    const forms = secrets.flatMap((secret) => [secret, Buffer.from(secret).toString('base64').slice(0, 24)]);
    const leaks: string[] = [];
    for (const file of filesUnder(dataDir)) {
      const bytes = readFileSync(file);
      for (const form of forms) if (bytes.includes(form)) leaks.push(file.slice(dataDir.length));
    }
    for (const form of forms) if (transcript.includes(form)) leaks.push('the transcript');
    assert.ok(filesUnder(dataDir).some((file) => file.endsWith('secrets.bin')), 'the refresh tokens were stored, sealed');
    assert.deepEqual(leaks, []);
  });
});
