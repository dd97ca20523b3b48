// A server whose certificate nobody vouches for: the add-account form stops with a dialog
// showing the host, the reason and the SHA-256 fingerprint; trusting it adds the account,
// IMAP or POP3. An expired certificate is shown without the offer to trust it.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'node:tls';
import type { Browser } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, generateMessage } from '../test/servers/seed.ts';
import { makeTestCertificates } from '../test/servers/test-certificates.ts';
import { submitAddAccount } from './support/add-account-form.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

describe('trusting a self-signed certificate from the add-account form', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-cert-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(dovecot, 'bob', 'INBOX', [{ raw: generateMessage(1, { kind: 'plain', subject: 'Over POP3, once trusted' }) }]);
    // The test CA is NOT trusted by this browser-mode process.
    app = await startBrowserMode(join(workDir, 'data'), '');
  });

  after(async () => {
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('shows the fingerprint, and adds the account once the user trusts it', async () => {
    const server = dovecot!;
    const page = await browser!.newPage();
    await page.goto(app!.url);
    const form = page.getByRole('form', { name: 'Add account' });
    await form.getByLabel('Email address').fill('alice@example.org');
    await form.getByLabel('Password').fill(server.user('alice').password);
    await form.getByLabel('Incoming server').fill(server.host);
    await form.getByLabel('Incoming port').fill(String(server.imapsPort));
    await form.getByLabel('Username').fill('alice');
    await form.getByRole('button', { name: 'Add account', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'Certificate not trusted' });
    await dialog.waitFor({ timeout: 15_000 });
    const text = await dialog.innerText();
    assert.match(text, new RegExp(`127\\.0\\.0\\.1, port ${server.imapsPort}`));
    assert.match(text, /self-signed/i);
    assert.equal(await dialog.getByLabel('SHA-256 fingerprint').innerText(), new X509Certificate(server.caCertificate).fingerprint256);
    assert.match(await form.getByRole('alert').innerText(), /not trusted/);

    await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Inbox/ }).waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('does the same for a POP3 account: the fingerprint shown, then its mail in Local Folders', async () => {
    const server = dovecot!;
    const bob = server.user('bob');
    const page = await browser!.newPage();
    await page.goto(app!.url);
    await page.getByRole('button', { name: 'New account' }).click();
    await submitAddAccount(page, { email: 'bob@example.org', password: bob.password, protocol: 'POP3', host: server.host, port: server.pop3sPort, username: bob.username });

    const dialog = page.getByRole('dialog', { name: 'Certificate not trusted' });
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), new RegExp(`127\\.0\\.0\\.1, port ${server.pop3sPort}`));
    assert.equal(await dialog.getByLabel('SHA-256 fingerprint').innerText(), new X509Certificate(server.caCertificate).fingerprint256);
    await dialog.getByRole('button', { name: 'Trust this certificate' }).click();
    const folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: /^Local Folders/ }).waitFor({ timeout: 20_000 });
    await folders.getByRole('treeitem', { name: 'Inbox, 1 unread' }).waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('offers no trust for an expired certificate, which TLS refuses even when trusted, and says to renew it', async () => {
    const expired = makeTestCertificates(join(workDir, 'certificates')).expired;
    const server = createServer({ key: expired.key, cert: expired.cert });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    const page = await browser!.newPage();
    try {
      await page.goto(app!.url);
      await page.getByRole('button', { name: 'New account' }).click();
      await submitAddAccount(page, { email: 'carol@example.org', password: 'secret', protocol: 'IMAP', host: '127.0.0.1', port: address.port, username: 'carol' });
      const dialog = page.getByRole('dialog', { name: 'Certificate not trusted' });
      await dialog.waitFor({ timeout: 15_000 });
      const text = await dialog.innerText();
      assert.match(text, /has expired/);
      assert.match(text, /cannot be trusted.*renew it/s);
      assert.equal(await dialog.getByLabel('SHA-256 fingerprint').innerText(), new X509Certificate(expired.cert).fingerprint256);
      assert.equal(await dialog.getByRole('button', { name: 'Trust this certificate' }).count(), 0);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'hidden' });
    } finally {
      await page.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
