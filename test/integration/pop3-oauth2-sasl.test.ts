// Our POP3 client's SASL token mechanisms against Dovecot's POP3 with its oauth2 passdb:
// OAUTHBEARER (RFC 7628) and XOAUTH2, a token too long for the AUTH line (RFC 5034 4: sent
// after the "+"), and a refused token ending the exchange cleanly with a clear error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import type { Pop3ConnectionSettings } from '../../electron/pop3/pop3-types.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { dovecotOAuth2Config, startOAuth2Server, type OAuth2TestServer } from '../servers/oauth2-server.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';

const skip = dovecotSkipReason();

describe('POP3 SASL with a bearer token, against Dovecot', { skip }, () => {
  let oauth: OAuth2TestServer;
  let passdb: ReturnType<typeof dovecotOAuth2Config>;
  let dovecot: DovecotServer;
  let accessToken: string;

  function settings(extra: Partial<Pop3ConnectionSettings>): Pop3ConnectionSettings {
    return { host: dovecot.host, port: dovecot.pop3sPort, security: 'tls', username: 'alice', password: '', trustedCertificates: [dovecot.caCertificate], accessToken, ...extra };
  }

  before(async () => {
    // 900 random bytes: 1,200 characters, far past the 255-octet AUTH line.
    oauth = await startOAuth2Server({ accessTokenBytes: 900 });
    passdb = dovecotOAuth2Config(oauth.introspectionUrl);
    dovecot = await startDovecot({ extraConfig: passdb.extraConfig });
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(1) }, { raw: generateMessage(2) }]);
    accessToken = (await oauth.signInDirectly('alice')).accessToken;
    assert.ok(accessToken.length > 1000);
  });

  after(async () => {
    await dovecot.stop();
    await oauth.stop();
    passdb.remove();
  });

  for (const [method, mechanism] of [
    ['auto', 'OAUTHBEARER'],
    ['sasl-oauthbearer', 'OAUTHBEARER'],
    ['sasl-xoauth2', 'XOAUTH2'],
  ] as const) {
    it(`logs in with ${method === 'auto' ? 'the mechanism CAPA offers first' : mechanism} and a long token`, async () => {
      const logins = new RegExp(`pop3-login: Info: Login: user=<alice>, method=${mechanism}`, 'g');
      const before = (readFileSync(join(dovecot.dir, 'dovecot.log'), 'utf8').match(logins) ?? []).length;
      const session = await openPop3Session(settings({ authMethod: method }));
      try {
        assert.equal((await session.stat()).messageCount, 2);
      } finally {
        await session.quit();
      }
      assert.equal((readFileSync(join(dovecot.dir, 'dovecot.log'), 'utf8').match(logins) ?? []).length, before + 1);
    });
  }

  for (const method of ['sasl-oauthbearer', 'sasl-xoauth2'] as const) {
    it(`answers a refused token's challenge with ${method === 'sasl-oauthbearer' ? '^A' : 'an empty line'} and says to sign in again (${method})`, async () => {
      const refused = `${accessToken.slice(0, -4)}AAAA`;
      await assert.rejects(openPop3Session(settings({ authMethod: method, accessToken: refused })), (error: unknown) => {
        assert.ok(error instanceof LetterboxError);
        assert.equal(error.code, 'auth-failed');
        assert.match(error.message, /Sign in again/);
        assert.equal(error.message.includes(refused), false);
        return true;
      });
    });
  }
});
