// Compose end to end: Reply from the reader in Chromium, Send through browser mode to a
// private Postfix, which delivers into Dovecot; the reply is in alice's Sent and bob's Inbox.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { postfixSkipReason, startPostfix, type PostfixServer } from '../test/servers/postfix.ts';
import { appendMessages, connectAs, generateMessage, seedDate } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { eventually } from './support/eventually.ts';

const skip = dovecotSkipReason() || postfixSkipReason() || chromiumSkipReason();

type Seen = { readonly subject: string; readonly inReplyTo: string; readonly flags: readonly string[] };

async function folderOf(client: ImapFlow, path: string): Promise<readonly Seen[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    await client.noop();
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { flags: true, envelope: true });
    return messages.map((message) => ({
      subject: message.envelope?.subject ?? '',
      inReplyTo: message.envelope?.inReplyTo ?? '',
      flags: [...(message.flags ?? [])],
    }));
  } finally {
    lock.release();
    await client.mailboxClose();
  }
}

describe('compose in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let postfix: PostfixServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  let alice: ImapFlow | undefined;
  let bob: ImapFlow | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-compose-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot({ mta: true }), launchChromium()]);
    postfix = await startPostfix(dovecot);
    await appendMessages(dovecot, 'alice', 'INBOX', [
      {
        raw: generateMessage(1, { kind: 'plain', subject: 'Team dinner', from: 'Bob Example <bob@example.org>' }),
        internalDate: seedDate(1),
      },
    ]);
    alice = await connectAs(dovecot, 'alice');
    bob = await connectAs(dovecot, 'bob');
  });

  after(async () => {
    await alice?.logout().catch(() => undefined);
    await bob?.logout().catch(() => undefined);
    await app?.stop();
    await browser?.close();
    await postfix?.stop();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('replies from the reader; the reply is in Sent and in the recipient’s Inbox, threaded', async () => {
    const server = dovecot!;
    app = await startBrowserMode(join(workDir, 'data'), server.caCertificate);
    const page = await browser!.newPage();
    await page.goto(app.url);

    await submitAddAccount(page, dovecotAccount(server, 'alice', { host: postfix!.host, port: postfix!.submissionPort }));

    const folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 20_000 });
    await page.getByRole('listbox', { name: 'Messages' }).getByRole('option', { name: /Team dinner/ }).click();
    const reader = page.getByRole('region', { name: 'Message' });
    await reader.getByRole('heading', { name: 'Team dinner' }).waitFor();
    await reader.getByRole('button', { name: 'Reply', exact: true }).click();

    const composer = page.getByRole('dialog', { name: 'Re: Team dinner' });
    await composer.waitFor();
    assert.equal(await composer.getByLabel('To').inputValue(), 'Bob Example <bob@example.org>');
    assert.match(await composer.getByLabel('Body').inputValue(), /> this is message number 1\./);
    await composer.getByLabel('Body').press('Control+Home');
    await composer.getByLabel('Body').pressSequentially('Count me in.');
    await composer.getByRole('button', { name: 'Send' }).click();
    await composer.waitFor({ state: 'detached', timeout: 20_000 });
    // Undo send (on by default, 5 s): Undo brings the reply back, unsent; Send again lets it go.
    const waiting = page.getByRole('status').filter({ hasText: /Sending in \d+ seconds/ });
    await waiting.getByRole('button', { name: 'Undo' }).click();
    const again = page.getByRole('dialog', { name: 'Re: Team dinner' });
    await again.waitFor();
    assert.match(await again.getByLabel('Body').inputValue(), /^Count me in\./);
    await again.getByRole('button', { name: 'Send' }).click();
    await again.waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByRole('status').filter({ hasText: /Sending in \d+ seconds/ }).waitFor();

    await eventually('the reply is in bob’s Inbox and alice’s Sent, and the original is answered', async () => {
      const inBob = (await folderOf(bob!, 'INBOX')).find((message) => message.subject === 'Re: Team dinner');
      const inSent = (await folderOf(alice!, 'Sent')).find((message) => message.subject === 'Re: Team dinner');
      const original = (await folderOf(alice!, 'INBOX')).find((message) => message.subject === 'Team dinner');
      return inBob?.inReplyTo === '<seed-1@letterbox.test>' && inSent !== undefined && original?.flags.includes('\\Answered') === true;
    });
    // Once, though it was sent, taken back and sent again.
    assert.equal((await folderOf(bob!, 'INBOX')).filter((message) => message.subject === 'Re: Team dinner').length, 1);

    // The Sent folder shows it in the app too.
    await folders.getByRole('treeitem', { name: /^Sent/ }).click();
    await page.getByRole('listbox', { name: 'Messages' }).getByRole('option', { name: /Re: Team dinner/ }).waitFor({ timeout: 20_000 });
  });

  it('with undo send turned off in Settings, sends rich text at once: bold and a list reach the recipient as HTML', async () => {
    // The account and the app are the previous test's.
    const page = await browser!.newPage();
    await page.goto(app!.url);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Sending' }).click();
    const delay = settings.getByRole('combobox', { name: 'Wait before sending' });
    // Disabled, showing its first choice, until main has said what the delay is.
    await eventually('the delay is read from main', () => delay.isEnabled());
    assert.equal(await delay.inputValue(), '5');
    await delay.selectOption({ label: 'Off' });
    await settings.getByRole('status').getByText('Saved.').waitFor();
    await settings.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'New message' }).click();
    const composer = page.getByRole('dialog', { name: /^(New message|Rich hello)$/ });
    await composer.getByLabel('To').fill('bob@example.org');
    await composer.getByLabel('Subject').fill('Rich hello');
    await composer.getByLabel('Format').selectOption('rich');
    const body = composer.getByRole('textbox', { name: 'Body' });
    await body.click();
    await body.pressSequentially('Important');
    await body.press('Control+a');
    await body.press('Control+b');
    await composer.getByRole('button', { name: 'Bold', pressed: true }).waitFor();
    await body.press('End');
    await body.press('Control+b');
    await body.pressSequentially(' see ');
    await body.press('Control+k');
    await composer.getByLabel('Link address').fill('example.org/plan');
    await composer.getByLabel('Link address').press('Enter');
    await body.press('End');
    await body.press('Enter');
    await composer.getByRole('button', { name: 'Bulleted list' }).click();
    await body.pressSequentially('first item');
    await body.press('Enter');
    await body.pressSequentially('second item');
    await composer.getByRole('button', { name: 'Send' }).click();
    await composer.waitFor({ state: 'detached', timeout: 20_000 });
    // No delay: it went at once, with nothing to undo.
    const notice = page.getByRole('status').filter({ hasText: /^Sent\./ });
    await notice.waitFor();
    assert.equal(await notice.getByRole('button', { name: 'Undo' }).count(), 0);

    let source = '';
    await eventually('bob has the rich message', async () => {
      source = (await bobSource('Rich hello'))?.toString('utf8') ?? '';
      return source !== '';
    });
    assert.match(source, /^Content-Type: multipart\/alternative/m);
    const parsed = await simpleParser(source);
    assert.match(parsed.html || '', /<(b|strong)>Important<\/(b|strong)>/);
    assert.match(parsed.html || '', /<ul><li>first item<\/li><li>second item<\/li><\/ul>/);
    assert.match(parsed.html || '', /<a href="https:\/\/example\.org\/plan">example\.org\/plan<\/a>/);
    assert.match(parsed.text ?? '', /^Important see example\.org\/plan <https:\/\/example\.org\/plan>\n- first item\n- second item\n/);
  });

  it('sends a 3 MB attachment through browser mode, and it arrives byte for byte', async () => {
    // The account and the app are the previous tests'; sending has no delay. Before, a request
    // over 1 MiB closed the page's WebSocket, so any attachment over about 750 KB failed.
    const page = await browser!.newPage();
    await page.goto(app!.url);
    const attachment = randomBytes(3 * 1024 * 1024);
    await page.getByRole('button', { name: 'New message' }).click();
    const composer = page.getByRole('dialog', { name: /^(New message|Quarterly figures)$/ });
    await composer.getByLabel('To').fill('bob@example.org');
    await composer.getByLabel('Subject').fill('Quarterly figures');
    await composer.getByRole('textbox', { name: 'Body' }).fill('The figures are attached.');
    await composer.getByLabel('Attach files').setInputFiles({ name: 'figures.bin', mimeType: 'application/octet-stream', buffer: attachment });
    await composer.getByText('figures.bin').waitFor();
    await composer.getByRole('button', { name: 'Send' }).click();
    await composer.waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByRole('status').filter({ hasText: /^Sent\./ }).waitFor({ timeout: 20_000 });

    await eventually('bob has the message with its attachment', async () => (await bobSource('Quarterly figures')) !== null);
    const source = await bobSource('Quarterly figures');
    assert.ok(source);
    const parsed = await simpleParser(source);
    const received = parsed.attachments.find((file) => file.filename === 'figures.bin');
    assert.ok(received, 'the attachment arrived');
    assert.equal(createHash('sha256').update(received.content).digest('hex'), createHash('sha256').update(attachment).digest('hex'));
    await page.close();
  });

  it('sends with an outgoing password set in Settings, and back with the incoming one', async () => {
    // The account and the app are the previous tests'; sending has no delay.
    const page = await browser!.newPage();
    await page.goto(app!.url);
    const settings = page.getByRole('dialog', { name: 'Settings' });
    const account = settings.getByRole('form', { name: 'Account alice@example.org' });
    async function saveSending(change: () => Promise<void>): Promise<void> {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await settings.getByRole('tab', { name: 'Accounts' }).click();
      await change();
      await account.getByRole('button', { name: 'Save account' }).click();
      await account.getByRole('status').getByText('Saved.').waitFor({ timeout: 10_000 });
      await settings.getByRole('button', { name: 'Close' }).click();
    }
    // Postfix asks Dovecot, so a password other than alice's is refused.
    await saveSending(() => account.getByLabel('New outgoing password').fill('not-alices-password'));
    await page.getByRole('button', { name: 'New message' }).click();
    const composer = page.getByRole('dialog', { name: /^(New message|Own password)$/ });
    await composer.getByLabel('To').fill('bob@example.org');
    await composer.getByLabel('Subject').fill('Own password');
    await composer.getByRole('textbox', { name: 'Body' }).fill('Sent with the outgoing password.');
    await composer.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').filter({ hasText: 'refused the login' }).first().waitFor({ timeout: 20_000 });
    assert.equal(await bobHas('Own password'), false);

    await saveSending(() => account.getByRole('checkbox', { name: 'Send with the incoming password' }).check());
    if (await composer.isVisible()) await composer.getByRole('button', { name: 'Send' }).click();
    else await page.getByRole('button', { name: 'Retry' }).first().click();
    await eventually('bob has the message once the incoming password is used again', () => bobHas('Own password'));
  });

  // The source of the message in bob's Inbox with this subject, or null.
  async function bobSource(subject: string): Promise<Buffer | null> {
    const lock = await bob!.getMailboxLock('INBOX', { readOnly: true });
    try {
      await bob!.noop();
      const messages = await bob!.fetchAll('1:*', { envelope: true, source: true });
      return messages.find((message) => message.envelope?.subject === subject)?.source ?? null;
    } finally {
      lock.release();
      await bob!.mailboxClose();
    }
  }

  async function bobHas(subject: string): Promise<boolean> {
    return (await bobSource(subject)) !== null;
  }

});
