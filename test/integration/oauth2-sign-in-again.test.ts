// "Sign in again" for an OAuth2 account, end to end: the local authorization server
// (test/servers/oauth2-server.ts) revokes the account's sign-in, Dovecot's oauth2 passdb
// refuses it, sync fails with auth-failed; a sign-in made with another mailbox is refused
// without touching the stored one; a real new sign-in replaces the refresh token in the
// secrets file under the same reference, sync goes on by itself and the message the refused
// sign-in kept in the outbox goes out through Postfix.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { Account } from '../../shared/domain.ts';
import type { Result } from '../../shared/errors.ts';
import { secretsFileName } from '../../electron/secrets/file-secret-store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { DEFAULT_USERS, dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { dovecotOAuth2Config, followAuthorization, startOAuth2Server, type OAuth2TestServer } from '../servers/oauth2-server.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import { postfixSkipReason, startPostfix, type PostfixServer } from '../servers/postfix.ts';
import { eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const skip = dovecotSkipReason() || postfixSkipReason();

describe('signing an OAuth2 account in again, against a local authorization server and Dovecot', { skip }, () => {
  const dir = makeTempDir('lb-oauth2-again-');
  const dataDir = join(dir.path, 'data');
  let oauth: OAuth2TestServer;
  let passdb: ReturnType<typeof dovecotOAuth2Config>;
  let dovecot: DovecotServer;
  let postfix: PostfixServer;
  let harness: ServiceHarness;
  let account: Account;
  // Every answer the service gave, searched for tokens at the end.
  let transcript = '';

  function secretsFile(): string {
    return readFileSync(join(dataDir, secretsFileName), 'utf8');
  }

  function secretEntries(): Record<string, string> {
    return JSON.parse(secretsFile()) as Record<string, string>;
  }

  async function inboxTotal(accountId = account.id): Promise<number> {
    const inbox = await harness.folderByPath(accountId, 'INBOX');
    return (await harness.request('listMessages', { folderId: inbox.id, offset: 0, limit: 10 })).total;
  }

  function lastStatus(accountId = account.id): (typeof harness.statuses)[number] | undefined {
    return harness.statuses.filter((status) => status.accountId === accountId).at(-1);
  }

  async function addBySignIn(args: ArgsOf<'finishOAuthSignIn'>['account']): Promise<Account> {
    const start = await harness.request('startOAuthSignIn', { provider: 'test-provider', email: args.email });
    const finishing = dispatch('finishOAuthSignIn', { signInId: start.signInId, account: args });
    await followAuthorization(start.url);
    const added = await finishing;
    assert.ok(added.ok, JSON.stringify(added));
    return added.value;
  }

  async function dispatch<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>> {
    const result = await harness.call(channel, args);
    transcript += JSON.stringify(result);
    return result;
  }

  // Starts a sign-in again for the account, plays the browser, and returns what finish said.
  async function signInAgain(target: Account = account): Promise<Result<Account>> {
    const start = await harness.request('startOAuthSignInAgain', { accountId: target.id });
    transcript += JSON.stringify(start);
    assert.equal(start.providerName, 'Test Provider');
    assert.equal(start.opened, false, 'browser mode: the page opens the link');
    // The provider is asked for the account's own mailbox.
    assert.equal(new URL(start.url).searchParams.get('login_hint'), target.email);
    const finishing = dispatch('finishOAuthSignInAgain', { signInId: start.signInId });
    assert.equal((await followAuthorization(start.url)).status, 200);
    return finishing;
  }

  before(async () => {
    oauth = await startOAuth2Server();
    passdb = dovecotOAuth2Config(oauth.introspectionUrl);
    // Carol signs in with a password.
    dovecot = await startDovecot({ mta: true, extraConfig: passdb.extraConfig, users: [...DEFAULT_USERS, { username: 'carol', password: 'carol-secret-3' }] });
    postfix = await startPostfix(dovecot);
    await appendMessages(dovecot, 'alice', 'INBOX', [0, 1].map((i) => ({ raw: generateMessage(i) })));
    await appendMessages(dovecot, 'bob', 'INBOX', [{ raw: generateMessage(9) }]);
    harness = startServiceHarness(dovecot, {
      dataDir,
      // Only the syncs this test asks for, and the one a new sign-in starts.
      sync: { checkIntervalMs: 3_600_000 },
      openNotifySession: null,
      oauth: { providers: [oauth.provider()], signInTimeoutMs: 60_000 },
    });
    harness.service.subscribe((event, payload) => {
      transcript += JSON.stringify({ event, payload });
    });
    account = await addBySignIn({
      kind: 'imap',
      email: 'alice@example.org',
      incoming: { host: dovecot.host, port: dovecot.imapsPort, security: 'tls', username: 'alice' },
      outgoing: { host: postfix.host, port: postfix.submissionPort, security: 'starttls', username: 'alice' },
    });
    await eventually(async () => {
      assert.equal(await inboxTotal(), 2);
    }, 30_000);
  });

  after(async () => {
    await harness.close();
    await postfix.stop();
    await dovecot.stop();
    await oauth.stop();
    passdb.remove();
    dir.remove();
  });

  it('fails the sync with auth-failed, saying to sign in again, once the provider revoked the sign-in', { timeout: 60_000 }, async () => {
    oauth.revokeUser('alice');
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(2) }]);
    const result = await dispatch('syncAccount', { accountId: account.id });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'auth-failed');
    assert.match(result.error.message, /Sign in again/);
    // The IDLE connection saw the new message too: its folder sync fails the same way.
    await eventually(() => {
      const status = lastStatus();
      assert.equal(status?.state, 'error');
      assert.equal(status.code, 'auth-failed', 'the status says what kind of error, so the window can offer "Sign in again"');
      return Promise.resolve();
    }, 30_000);
    // A window opened now is told too, whatever the latest status says.
    assert.deepEqual(await harness.request('listSignInNeeded', {}), [account.id]);
    // A message sent now waits out the undo delay, then fails for the sign-in and stays.
    await harness.request('setSendDelay', { seconds: 1 });
    const outcome = await harness.request('sendMessage', {
      message: { accountId: account.id, to: ['carol@example.org'], cc: [], bcc: [], subject: 'Waited for a sign-in', body: 'Hi Carol\n', attachments: [], relation: null, inReplyTo: null, references: [] },
      draftId: null,
    });
    assert.equal(outcome.status, 'scheduled', JSON.stringify(outcome));
    await eventually(async () => {
      const [entry, ...others] = await harness.request('listOutbox', {});
      assert.equal(others.length, 0);
      assert.equal(entry?.state, 'failed');
      assert.match(entry.lastError ?? '', /Sign in again/);
    }, 30_000);
  });

  it('refuses a sign-in made with another mailbox in the browser, and keeps the stored sign-in', { timeout: 60_000 }, async () => {
    const before = secretsFile();
    const activeBefore = oauth.counts.activeIntrospections;
    oauth.signInAsNext('bob');
    const refused = await signInAgain();
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'auth-failed');
    assert.match(refused.error.message, /refused this sign-in for alice, so nothing was changed.*another account than alice@example\.org/);
    assert.ok(oauth.counts.activeIntrospections > activeBefore, 'Dovecot was shown a good token, for bob: refused as not alice\'s');
    // Bob's sign-in was given a refresh token; it went nowhere.
    const bobs = oauth.issuedRefreshTokens.at(-1) ?? '';
    assert.equal(secretsFile(), before);
    assert.equal(secretsFile().includes(bobs), false);
    assert.equal(lastStatus()?.state, 'error', 'the account still needs a sign-in');
  });

  it('replaces the refresh token under the same reference, drops the old access token and syncs again', { timeout: 60_000 }, async () => {
    const before = secretEntries();
    const references = Object.keys(before);
    assert.equal(references.length, 1);
    const oldRefresh = oauth.issuedRefreshTokens[0] ?? '';
    assert.ok(secretsFile().includes(oldRefresh));
    const refusalsBefore = oauth.counts.inactiveIntrospections;
    const refreshesBefore = oauth.counts.refreshGrants;

    const again = await signInAgain();
    assert.ok(again.ok, JSON.stringify(again));
    assert.equal(again.value.id, account.id);

    const newRefresh = oauth.issuedRefreshTokens.at(-1) ?? '';
    assert.notEqual(newRefresh, oldRefresh);
    assert.deepEqual(Object.keys(secretEntries()), references, 'the secret stays under the account\'s reference');
    assert.ok(secretsFile().includes(newRefresh), 'the secrets file holds the new refresh token');
    assert.equal(secretsFile().includes(oldRefresh), false, 'and not the old one');
    assert.deepEqual(JSON.parse(secretEntries()[references[0] ?? ''] ?? ''), { kind: 'oauth2', provider: 'test-provider', refreshToken: newRefresh });

    // Sync started again by itself and fetched what came while the sign-in was refused.
    await eventually(async () => {
      assert.equal(await inboxTotal(), 3);
      assert.equal(lastStatus()?.state, 'idle');
    }, 30_000);
    assert.equal(lastStatus()?.text, 'Up to date');
    assert.deepEqual(await harness.request('listSignInNeeded', {}), []);
    // The old access token was dropped: Dovecot was never shown a revoked one again, and the
    // sign-in's own access token was used without a refresh.
    assert.equal(oauth.counts.inactiveIntrospections, refusalsBefore);
    assert.equal(oauth.counts.refreshGrants, refreshesBefore);

    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(3) }]);
    const synced = await dispatch('syncAccount', { accountId: account.id });
    assert.ok(synced.ok, JSON.stringify(synced));
    assert.equal(await inboxTotal(), 4);

    // The message the refused sign-in kept went out with the new one, without a Retry.
    await eventually(async () => {
      assert.deepEqual(await harness.request('listOutbox', {}), []);
      const found = await dovecot.doveadm(['search', '-u', 'carol', 'mailbox', 'INBOX', 'subject', 'Waited for a sign-in']);
      assert.notEqual(found.trim(), '');
    }, 30_000);
    assert.match(postfix.log(), /sasl_method=XOAUTH2, sasl_username=alice/);
  });

  it('signs a POP3 account in again the same way, and checks it at once', { timeout: 60_000 }, async () => {
    const pop3 = await addBySignIn({ kind: 'pop3', email: 'bob@example.org', incoming: { host: dovecot.host, port: dovecot.pop3sPort, security: 'tls', username: 'bob' }, outgoing: null });
    const local = (await harness.request('listAccounts', {})).find((entry) => entry.kind === 'local');
    assert.ok(local);
    assert.ok((await dispatch('syncAccount', { accountId: pop3.id })).ok);
    assert.equal(await inboxTotal(local.id), 1);

    oauth.revokeUser('bob');
    await appendMessages(dovecot, 'bob', 'INBOX', [{ raw: generateMessage(10) }]);
    const refused = await dispatch('syncAccount', { accountId: pop3.id });
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'auth-failed');
    assert.equal(lastStatus(pop3.id)?.code, 'auth-failed');

    const again = await signInAgain(pop3);
    assert.ok(again.ok, JSON.stringify(again));
    await eventually(async () => {
      assert.equal(await inboxTotal(local.id), 2);
      assert.equal(lastStatus(pop3.id)?.state, 'idle');
    }, 30_000);
  });

  it('offers no sign-in again to an account with a password', { timeout: 30_000 }, async () => {
    const carol = dovecot.user('carol');
    const withPassword = await harness.request('addAccount', {
      kind: 'imap',
      email: 'carol@example.org',
      password: carol.password,
      incoming: { host: dovecot.host, port: dovecot.imapsPort, security: 'tls', username: carol.username },
      outgoing: null,
    });
    const refused = await dispatch('startOAuthSignInAgain', { accountId: withPassword.id });
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'invalid-argument');
    assert.match(refused.error.message, /signs in with a password/);
  });

  it('keeps a sign-in again apart from adding an account', { timeout: 30_000 }, async () => {
    const start = await harness.request('startOAuthSignInAgain', { accountId: account.id });
    const crossed = await dispatch('finishOAuthSignIn', {
      signInId: start.signInId,
      account: { kind: 'imap', email: 'carol@example.org', incoming: { host: dovecot.host, port: dovecot.imapsPort, security: 'tls', username: 'carol' }, outgoing: null },
    });
    assert.ok(!crossed.ok);
    assert.equal(crossed.error.code, 'not-found');
    await harness.request('cancelOAuthSignIn', { signInId: start.signInId });
    const ended = await dispatch('finishOAuthSignInAgain', { signInId: start.signInId });
    assert.ok(!ended.ok);
    assert.equal(ended.error.code, 'not-found');
  });

  it('keeps the tokens out of the database, the other files and everything the service said', () => {
    const tokens = [...oauth.issuedRefreshTokens, ...oauth.issuedAccessTokens];
    const leaks = tokens.filter((token) => transcript.includes(token));
    assert.deepEqual(leaks, []);
    // The database, its journal and every other file but the secrets file the sign-in belongs in.
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name !== secretsFileName);
    assert.ok(files.length > 0);
    const leaked = files.filter((entry) => {
      const bytes = readFileSync(join(entry.parentPath, entry.name));
      return tokens.some((token) => bytes.includes(token));
    });
    assert.deepEqual(leaked.map((entry) => entry.name), []);
  });
});
