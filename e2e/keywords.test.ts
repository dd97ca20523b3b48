// Keywords end to end: create one in the Keywords menu, tag two messages, filter by it,
// rename it, and see the server's keywords change as another device would.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Browser } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedDate } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { eventually } from './support/eventually.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

// Keywords (not system flags) of each INBOX message, by subject, as another client sees them.
async function keywordsOf(client: ImapFlow): Promise<ReadonlyMap<string, string>> {
  const lock = await client.getMailboxLock('INBOX', { readOnly: true });
  try {
    if (client.mailbox === false || client.mailbox.exists === 0) return new Map();
    const messages = await client.fetchAll('1:*', { flags: true, envelope: true });
    return new Map(
      messages.map((message) => [
        message.envelope?.subject ?? '',
        [...(message.flags ?? [])].filter((flag) => !flag.startsWith('\\')).sort().join(' '),
      ]),
    );
  } finally {
    lock.release();
    await client.mailboxClose();
  }
}

describe('keywords in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  let other: ImapFlow | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-keywords-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(
      dovecot,
      'alice',
      'INBOX',
      [1, 2, 3].map((i) => ({ raw: generateMessage(i, { kind: 'plain', subject: `Plan ${i}` }), internalDate: seedDate(i) })),
    );
    other = await connectAs(dovecot, 'alice');
  });

  after(async () => {
    await other?.logout().catch(() => undefined);
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('creates a keyword, tags two messages, filters by it, renames it; the server follows', async () => {
    const server = dovecot!;
    const client = other!;
    app = await startBrowserMode(join(workDir, 'data'), server.caCertificate);
    const page = await browser!.newPage();
    await page.goto(app.url);

    await submitAddAccount(page, dovecotAccount(server, 'alice'));

    const folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 20_000 });
    const list = page.getByRole('listbox', { name: 'Messages' });
    // exact: the list pane is a region named "Message list".
    const reader = page.getByRole('region', { name: 'Message', exact: true });

    // A new keyword from the open message's Keywords menu is set on it at once.
    await list.getByRole('option', { name: /Plan 1/ }).click();
    await reader.getByRole('heading', { name: 'Plan 1' }).waitFor();
    await reader.getByRole('button', { name: 'Keywords' }).click();
    await reader.getByRole('menu', { name: 'Keywords' }).getByRole('menuitem', { name: 'New keyword…' }).click();
    const dialog = reader.getByRole('dialog', { name: 'New keyword' });
    await dialog.getByLabel('Name').fill('Launch plan');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await reader.locator('.keyword-chip', { hasText: 'Launch plan' }).waitFor();

    await list.getByRole('option', { name: /Plan 2/ }).click();
    await reader.getByRole('heading', { name: 'Plan 2' }).waitFor();
    await reader.getByRole('button', { name: 'Keywords' }).click();
    const item = reader.getByRole('menuitemcheckbox', { name: 'Launch plan' });
    assert.equal(await item.getAttribute('aria-checked'), 'false');
    await item.click();
    await eventually('the menu shows the keyword set', async () => (await item.getAttribute('aria-checked')) === 'true');

    let atom = '';
    await eventually('the server has the keyword on Plan 1 and Plan 2', async () => {
      const keywords = await keywordsOf(client);
      atom = keywords.get('Plan 1') ?? '';
      return /^Launch_plan_[0-9a-f]{8}$/.test(atom) && keywords.get('Plan 2') === atom && keywords.get('Plan 3') === '';
    });

    // Key 1 toggles the first keyword (Important, $label1) on the selected message.
    await list.getByRole('option', { name: /Plan 3/ }).click();
    await list.press('1');
    await eventually('the server has $label1 on Plan 3', async () => (await keywordsOf(client)).get('Plan 3') === '$label1');

    // Filtering by the keyword lists exactly the two tagged messages.
    await page.getByRole('button', { name: 'Show messages with keyword Launch plan' }).click();
    assert.equal(await page.getByRole('searchbox', { name: 'Search mail' }).inputValue(), `keyword:${atom}`);
    await list.getByRole('option', { name: /Plan 1/ }).waitFor();
    await list.getByRole('option', { name: /Plan 2/ }).waitFor();
    assert.equal(await list.getByRole('option', { name: /Plan 3/ }).count(), 0);

    // Renaming rewrites the keyword on the server for the messages that carry it.
    await page.getByRole('button', { name: 'Rename keyword Launch plan' }).click();
    await page.getByRole('textbox', { name: 'New name for Launch plan' }).fill('Shipped');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByRole('button', { name: 'Show messages with keyword Shipped' }).waitFor();
    await eventually('the server has the renamed keyword on both', async () => {
      const keywords = await keywordsOf(client);
      return keywords.get('Plan 1') === 'Shipped' && keywords.get('Plan 2') === 'Shipped' && keywords.get('Plan 3') === '$label1';
    });
  });
});
