// OAuth2 sign-in through the add-account form, in browser mode in Chromium: the form sees the
// server needs a provider's sign-in, shows "Sign in with…" instead of the password, waits for
// the browser, and Chromium itself goes through the authorization page and the redirect to
// Letterbox's loopback listener. A denied sign-in is shown first, then one that succeeds;
// then the provider revokes it, and "Sign in again" in the status bar brings the mail back.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Account } from '../shared/domain.ts';
import { createFileSecretStore, secretsFileName } from '../electron/secrets/file-secret-store.ts';
import { createBrowserModeServer, type BrowserModeServer } from '../electron/serve/browser-mode-server.ts';
import { createService } from '../electron/service/create-service.ts';
import type { Service } from '../electron/service/service-types.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { dovecotOAuth2Config, startOAuth2Server, type OAuth2TestServer } from '../test/servers/oauth2-server.ts';
import { appendMessages, generateMessage } from '../test/servers/seed.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { eventually } from './support/eventually.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();
// The built renderer (npm test builds it first); LETTERBOX_E2E_STATIC_DIR for a build elsewhere.
const staticDir = process.env.LETTERBOX_E2E_STATIC_DIR ?? resolve(import.meta.dirname, '..', 'dist', 'renderer');

describe('signing in with a provider from the add-account form, in browser mode', { skip }, () => {
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-oauth2-'));
  let oauth: OAuth2TestServer;
  let passdb: ReturnType<typeof dovecotOAuth2Config>;
  let dovecot: DovecotServer;
  let browser: Browser;
  let service: Service;
  let app: BrowserModeServer;
  let page: Page;
  const dataDir = join(workDir, 'data');

  before(async () => {
    oauth = await startOAuth2Server();
    passdb = dovecotOAuth2Config(oauth.introspectionUrl);
    [dovecot, browser] = await Promise.all([startDovecot({ extraConfig: passdb.extraConfig }), launchChromium()]);
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(1, { kind: 'plain', subject: 'Signed in without a password' }) }]);
    service = createService({
      dataDir,
      secretStore: createFileSecretStore(dataDir),
      trustedCertificates: [dovecot.caCertificate],
      // As browser mode: main cannot open a browser, the page offers the link.
      openExternal: () => Promise.resolve(false),
      // The test provider claims 127.0.0.1, as Google claims imap.gmail.com.
      oauth: { providers: [oauth.provider(['127.0.0.1'])] },
    });
    app = await createBrowserModeServer({ service, staticDir });
  });

  after(async () => {
    await app.close();
    await service.close();
    await browser.close();
    await dovecot.stop();
    await oauth.stop();
    passdb.remove();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('shows "Sign in with…" for the server, reports a denied sign-in, then signs in and shows the mail', { timeout: 90_000 }, async () => {
    page = await browser.newPage();
    await page.goto(app.url);
    const form = page.getByRole('form', { name: 'Add account' });
    await form.getByLabel('Email address').fill('alice@example.org');
    await form.getByLabel('Incoming server').fill(dovecot.host);
    await form.getByLabel('Security').selectOption({ label: 'TLS' });
    await form.getByLabel('Incoming port').fill(String(dovecot.imapsPort));
    await form.getByLabel('Username').fill('alice');
    const signIn = form.getByRole('button', { name: 'Sign in with Test Provider' });
    await signIn.waitFor();
    await form.getByLabel('Password').waitFor({ state: 'detached' });

    async function throughTheBrowser(): Promise<void> {
      await signIn.click();
      await form.getByText('Waiting for the browser…').waitFor();
      const link = form.getByRole('link', { name: 'Open the Test Provider sign-in page' });
      const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
      // The provider's page redirects to Letterbox's listener, which answers with its own page.
      await popup.getByRole('heading').waitFor();
      await popup.close();
    }

    oauth.denyNext();
    await throughTheBrowser();
    await form.getByRole('alert').filter({ hasText: 'Sign-in with Test Provider was denied in the browser' }).waitFor();

    await throughTheBrowser();
    const folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: /^Inbox/ }).first().click({ timeout: 30_000 });
    await page.getByRole('listbox', { name: 'Messages' }).getByRole('option', { name: /Signed in without a password/ }).waitFor({ timeout: 30_000 });
  });

  it('offers "Sign in again" in the status bar once the provider revoked the sign-in, and syncs again after it', { timeout: 90_000 }, async () => {
    const firstRefreshToken = oauth.issuedRefreshTokens.at(-1) ?? '';
    oauth.revokeUser('alice');
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(2, { kind: 'plain', subject: 'Arrived while signed out' }) }]);
    const listed = await service.dispatch('listAccounts', {});
    assert.ok(listed.ok);
    const alice = (listed.value as readonly Account[]).find((account) => account.email === 'alice@example.org');
    assert.ok(alice);
    // A sync still running on a connection opened before the revocation is joined, not
    // refused: ask until one opens its own connection.
    await eventually(
      'a sync is refused its sign-in',
      async () => {
        const refused = await service.dispatch('syncAccount', { accountId: alice.id });
        return !refused.ok && refused.error.code === 'auth-failed';
      },
      30_000,
    );

    const prompt = page.getByRole('group', { name: 'Sign-in needed for alice@example.org' });
    await prompt.waitFor({ timeout: 30_000 });
    // A window opened after the refusal offers it too, before any new sync fails.
    await page.reload();
    await prompt.waitFor({ timeout: 30_000 });
    await prompt.getByRole('button', { name: 'Sign in again' }).click();
    await prompt.getByText('Waiting for the browser…').waitFor();
    const link = prompt.getByRole('link', { name: 'Open the Test Provider sign-in page' });
    const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await popup.getByRole('heading', { name: 'Signed in' }).waitFor();
    await popup.close();

    await prompt.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('listbox', { name: 'Messages' }).getByRole('option', { name: /Arrived while signed out/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: /^Up to date$/ }).waitFor({ timeout: 30_000 });
    // Account settings offer the same sign-in, where a password account has its password.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('form', { name: 'Account alice@example.org' });
    await settings.getByRole('button', { name: 'Sign in again' }).waitFor();
    assert.equal(await settings.getByLabel('New password').count(), 0);

    const secrets = readFileSync(join(dataDir, secretsFileName), 'utf8');
    assert.ok(secrets.includes(oauth.issuedRefreshTokens.at(-1) ?? '-'), 'the new sign-in is stored');
    assert.equal(secrets.includes(firstRefreshToken), false, 'in place of the revoked one');
  });
});
