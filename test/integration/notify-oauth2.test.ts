// The NOTIFY connection of an OAuth2 account signs in with its bearer token (OAUTHBEARER, as
// imapflow does for the account's other connections), against Dovecot's oauth2 passdb asking
// a real introspection endpoint. Before, it sent AUTHENTICATE PLAIN with an empty password,
// was always refused, and such accounts never got NOTIFY push.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { openNotifyConnection } from '../../electron/imap/notify-connection.ts';
import type { NotifyNotice } from '../../electron/imap/notify-types.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { imapSettings } from '../servers/imap-settings.ts';
import { dovecotOAuth2Config, startOAuth2Server, type OAuth2TestServer } from '../servers/oauth2-server.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';

describe('NOTIFY with an OAuth2 access token', { skip: dovecotSkipReason() }, () => {
  let oauth: OAuth2TestServer;
  let passdb: ReturnType<typeof dovecotOAuth2Config>;
  let dovecot: DovecotServer;

  before(async () => {
    oauth = await startOAuth2Server({ accessTokenLifetimeS: 3600 });
    passdb = dovecotOAuth2Config(oauth.introspectionUrl);
    dovecot = await startDovecot({ extraConfig: passdb.extraConfig });
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(1) }]);
  });

  after(async () => {
    await dovecot.stop();
    await oauth.stop();
    passdb.remove();
  });

  const tokenSettings = (accessToken: string, renewAccessToken?: () => Promise<string>) =>
    imapSettings(dovecot, 'alice', { password: '', accessToken, ...(renewAccessToken === undefined ? {} : { renewAccessToken }) });

  it('signs in with the token and hears the Inbox', { timeout: 60_000 }, async () => {
    const { accessToken } = await oauth.signInDirectly('alice');
    const notices: NotifyNotice[] = [];
    const introspectionsBefore = oauth.counts.activeIntrospections;
    const session = await openNotifyConnection(tokenSettings(accessToken), { onNotice: (notice) => notices.push(notice) }, { keepaliveMs: 2000 });
    assert.notEqual(session, null, 'Dovecot offers NOTIFY');
    try {
      assert.ok(oauth.counts.activeIntrospections > introspectionsBefore, 'Dovecot checked the token with the authorization server');
      const deadline = Date.now() + 30_000;
      while (!notices.some((notice) => notice.kind === 'status' && notice.path === 'INBOX') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const inbox = notices.find((notice) => notice.kind === 'status' && notice.path === 'INBOX');
      assert.ok(inbox !== undefined && inbox.kind === 'status', `an INBOX status arrived: ${JSON.stringify(notices)}`);
      assert.equal(inbox.status.messages, 1);
    } finally {
      await session?.close();
    }
  });

  it('renews a refused token once, and opens with the new one', { timeout: 60_000 }, async () => {
    const { accessToken: stale } = await oauth.signInDirectly('alice');
    oauth.revokeAccessTokens('alice');
    let renewals = 0;
    const session = await openNotifyConnection(
      tokenSettings(stale, async () => {
        renewals += 1;
        return (await oauth.signInDirectly('alice')).accessToken;
      }),
      { onNotice: () => undefined },
      { keepaliveMs: 2000 },
    );
    try {
      assert.notEqual(session, null);
      assert.equal(renewals, 1);
    } finally {
      await session?.close();
    }
  });

  it('says to sign in again when the token is refused and cannot be renewed, without showing it', { timeout: 60_000 }, async () => {
    const { accessToken: stale } = await oauth.signInDirectly('alice');
    oauth.revokeAccessTokens('alice');
    const refused = await openNotifyConnection(tokenSettings(stale), { onNotice: () => undefined }).then(
      () => null,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof LetterboxError, `refused: ${String(refused)}`);
    assert.equal(refused.code, 'auth-failed');
    assert.match(refused.message, /Sign in again/);
    assert.ok(!refused.message.includes(stale));
  });
});
