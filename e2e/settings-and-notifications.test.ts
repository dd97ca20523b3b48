// Settings, the theme, new-mail notifications and the c/r/a/f keys in browser mode over a
// real Dovecot. Chromium is granted the notification permission, and window.Notification is
// replaced by a recorder (addInitScript) so the test can read what the page showed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, generateMessage, seedDate } from '../test/servers/seed.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { eventually } from './support/eventually.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

// Stands in for the browser's Notification: says permission is granted (as the context's
// grant does) and keeps every notification the page makes, with its click handler.
const recordNotifications = `
  window.__notifications = [];
  window.Notification = class RecordingNotification {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options = {}) {
      this.title = title;
      this.body = options.body ?? '';
      this.onclick = null;
      window.__notifications.push(this);
    }
    close() { this.closed = true; }
  };
`;

type Recorded = { readonly title: string; readonly body: string };

async function recorded(page: Page): Promise<readonly Recorded[]> {
  return page.evaluate<readonly Recorded[]>('window.__notifications.map((n) => ({ title: n.title, body: n.body }))');
}

async function pageBackground(page: Page): Promise<string> {
  return page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
}

async function dataTheme(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('data-theme');
}

describe('settings and notifications in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let app: BrowserModeProcess | undefined;
  let page: Page | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-settings-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(1, { kind: 'plain', subject: 'Already here' }), internalDate: seedDate(1) }]);
    app = await startBrowserMode(join(workDir, 'data'), dovecot.caCertificate);
    context = await browser.newContext();
    await context.grantPermissions(['notifications'], { origin: new URL(app.url).origin });
    await context.addInitScript(recordNotifications);
    page = await context.newPage();
    await page.goto(app.url);
    await submitAddAccount(page, dovecotAccount(dovecot, 'alice'));
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Inbox/ }).waitFor({ timeout: 20_000 });
  });

  after(async () => {
    await page?.close();
    await context?.close();
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('shows a web notification for mail delivered to the Inbox, and a click opens the message', async () => {
    const current = page!;
    const folders = current.getByRole('tree', { name: 'Folders' });
    // Looking at another folder: Inbox mail is news.
    await folders.getByRole('treeitem', { name: /^Sent/ }).click();
    await current.getByRole('status').filter({ hasText: 'Up to date' }).waitFor({ timeout: 20_000 });
    // The Inbox's IDLE connection opens just after the first sync.
    await current.waitForTimeout(1000);
    assert.deepEqual(await recorded(current), [], 'the first sync announces nothing');

    await appendMessages(dovecot!, 'alice', 'INBOX', [
      { raw: generateMessage(5, { kind: 'plain', subject: 'Quarterly <b>numbers</b>', from: 'Dana Sender <dana@example.org>' }), internalDate: seedDate(5) },
    ]);
    await eventually('a notification is shown', async () => (await recorded(current)).length > 0, 20_000);
    assert.deepEqual(await recorded(current), [{ title: 'Dana Sender', body: 'Quarterly <b>numbers</b>' }]);

    await current.evaluate('window.__notifications[0].onclick()');
    const reader = current.getByRole('region', { name: 'Message', exact: true });
    await reader.getByRole('heading', { name: 'Quarterly <b>numbers</b>' }).waitFor({ timeout: 10_000 });
    await folders.getByRole('treeitem', { name: /^Inbox/, selected: true }).waitFor();
  });

  it('acts on c, r, a and f: new message, reply, reply all and forward of the open message', async () => {
    const current = page!;
    const reader = current.getByRole('region', { name: 'Message', exact: true });
    const heading = reader.getByRole('heading', { name: 'Quarterly <b>numbers</b>' });

    async function pressAndClose(key: string, title: RegExp, check?: (composer: ReturnType<Page['getByRole']>) => Promise<void>): Promise<void> {
      await heading.click();
      await current.keyboard.press(key);
      const composer = current.getByRole('dialog', { name: title });
      await composer.waitFor({ timeout: 10_000 });
      await check?.(composer);
      await composer.getByRole('button', { name: 'Close' }).click();
      await composer.waitFor({ state: 'detached' });
    }

    await pressAndClose('c', /^New message$/);
    await pressAndClose('r', /^Re: Quarterly/, async (composer) => {
      assert.match(await composer.getByRole('combobox', { name: 'To' }).inputValue(), /dana@example\.org/);
      assert.equal(await composer.getByRole('combobox', { name: 'Cc' }).inputValue(), '');
    });
    // The message has Cc: Bob, so replying to all copies him.
    await pressAndClose('a', /^Re: Quarterly/, async (composer) => {
      assert.match(await composer.getByRole('combobox', { name: 'Cc' }).inputValue(), /bob@example\.org/);
    });
    await pressAndClose('f', /^Fwd: Quarterly/, async (composer) => {
      assert.equal(await composer.getByRole('combobox', { name: 'To' }).inputValue(), '');
    });
  });

  it('switches the theme from Settings, over the system preference, and keeps it across a reload', async () => {
    const current = page!;
    await current.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await pageBackground(current), 'rgb(23, 25, 29)', 'the system theme is followed by default');

    await current.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = current.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Appearance' }).click();
    await settings.getByRole('radio', { name: 'Light' }).check();
    await eventually('the light theme is applied', async () => (await dataTheme(current)) === 'light', 10_000);
    assert.equal(await pageBackground(current), 'rgb(255, 255, 255)');

    await current.emulateMedia({ colorScheme: 'light' });
    await settings.getByRole('radio', { name: 'Dark' }).check();
    await eventually('the dark theme is applied', async () => (await dataTheme(current)) === 'dark', 10_000);
    assert.equal(await pageBackground(current), 'rgb(23, 25, 29)');

    // The check interval is kept per account, as the Sync tab shows it.
    await settings.getByRole('tab', { name: 'Sync' }).click();
    const interval = settings.getByRole('combobox', { name: 'Check other folders of alice@example.org' });
    await interval.selectOption({ label: 'Every 15 minutes' });
    await settings.getByRole('status').getByText('Saved.', { exact: false }).waitFor();
    await settings.getByRole('button', { name: 'Close' }).click();

    await current.reload();
    await current.getByRole('tree', { name: 'Folders' }).waitFor({ timeout: 20_000 });
    await eventually('the stored theme is applied after a reload', async () => (await dataTheme(current)) === 'dark', 10_000);
    assert.equal(await pageBackground(current), 'rgb(23, 25, 29)');
    await current.getByRole('button', { name: 'Settings', exact: true }).click();
    await settings.getByRole('tab', { name: 'Sync' }).click();
    await eventually('the interval reads back', async () => (await interval.inputValue()) === '900', 10_000);
    await settings.getByRole('tab', { name: 'Appearance' }).click();
    assert.equal(await settings.getByRole('radio', { name: 'Dark' }).isChecked(), true);
    await settings.getByRole('button', { name: 'Close' }).click();
  });

  it('renames the account, and removes it only after the confirmation says what is kept', async () => {
    const current = page!;
    await current.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = current.getByRole('dialog', { name: 'Settings' });
    const account = settings.getByRole('form', { name: 'Account alice@example.org' });
    await account.getByLabel('Display name').fill('Alice at work');
    await account.getByRole('button', { name: 'Save account' }).click();
    await account.getByRole('status').getByText('Saved.').waitFor({ timeout: 10_000 });
    await current.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /Alice at work/ }).first().waitFor();

    await account.getByRole('button', { name: 'Remove account' }).click();
    const confirmation = account.getByRole('alertdialog', { name: 'Remove alice@example.org?' });
    await confirmation.getByText('the mail stays on the server', { exact: false }).waitFor();
    await confirmation.getByRole('button', { name: 'Keep account' }).click();
    await confirmation.waitFor({ state: 'detached' });
    assert.equal(await current.getByRole('tree', { name: 'Folders' }).count(), 1);

    await account.getByRole('button', { name: 'Remove account' }).click();
    await confirmation.getByRole('button', { name: 'Remove', exact: true }).click();
    await current.getByRole('heading', { name: 'Welcome to Letterbox' }).waitFor({ timeout: 10_000 });
  });
});
