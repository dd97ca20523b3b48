// Issue 9, the Email Privacy Tester's DNS vectors: a message must not make the browser resolve
// a host it names, by <link rel=dns-prefetch>, <link rel=preconnect>, a bare link or a meta
// that turns prefetching back on. A DNS lookup is no request, so the XSS suite's request log
// cannot see it; Chromium's net log can. A control page with the same hints shows the net
// log does record them in this Chromium (an ordinary profile: off the record, Chromium makes
// no such lookups at all). A bare link is resolved by this Chromium on neither the control page
// nor in mail (its anchor prefetch is off), so for links the frame's
// x-dns-prefetch-control and CSP are what is proved (renderer/ui/mail-html/mail-document.test.ts).
// Real Dovecot, browser mode, Debian's Chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages } from '../test/servers/seed.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromiumWithNetLog } from './support/chromium.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

// The hints, each naming its own host under `domain`, so the net log tells them apart.
function hints(domain: string): string {
  return [
    `<meta http-equiv="x-dns-prefetch-control" content="on">`,
    `<link rel="dns-prefetch" href="//link-prefetch.${domain}">`,
    `<link rel="preconnect" href="http://link-preconnect.${domain}">`,
    `<p>Read <a href="http://bare-link.${domain}/article">the article</a> online.</p>`,
  ].join('\n');
}

const HOSTS = ['link-prefetch', 'link-preconnect', 'bare-link'] as const;

function mailWithHints(): string {
  return [
    'From: Tracker <news@tracker.example>',
    'To: alice@example.org',
    'Subject: DNS prefetch vectors',
    'Date: Sun, 29 Nov 2026 10:00:00 +0000',
    'Message-ID: <dns-prefetch@tracker.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><head>${hints('mail-hint.test')}</head><body><p>dns-prefetch-body</p>${hints('mail-hint.test')}</body></html>`,
    '',
  ].join('\r\n');
}

// How many times the net log names each host.
function lookups(netLog: string, domain: string): Record<string, number> {
  return Object.fromEntries(HOSTS.map((host) => [host, netLog.split(`${host}.${domain}`).length - 1]));
}

describe('DNS prefetch and preconnect from mail', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let app: BrowserModeProcess | undefined;
  let control: Server | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-dns-'));

  before(async () => {
    dovecot = await startDovecot();
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: mailWithHints() }]);
    app = await startBrowserMode(join(workDir, 'data'), dovecot.caCertificate);
    const page = `<!doctype html><html><head>${hints('control-hint.test')}</head><body>control</body></html>`;
    control = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(page);
    });
    await new Promise<void>((resolve) => control?.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    await app?.stop();
    await dovecot?.stop();
    await new Promise((resolve) => control?.close(resolve));
    rmSync(workDir, { recursive: true, force: true });
  });

  it('resolves no host a message names, where the same hints on a page are resolved', { timeout: 120_000 }, async () => {
    const netLogPath = join(workDir, 'net-log.json');
    const context = await launchChromiumWithNetLog(join(workDir, 'profile'), netLogPath);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const address = control?.address();
      assert.ok(address !== null && typeof address === 'object');
      await page.goto(`http://127.0.0.1:${address.port}/`);
      await page.getByText('control').waitFor();

      await page.goto(app!.url);
      await submitAddAccount(page, dovecotAccount(dovecot!, 'alice'));
      await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 30_000 });
      await page.getByRole('listbox', { name: 'Messages' }).getByRole('option', { name: /DNS prefetch vectors/ }).click({ timeout: 30_000 });
      const reader = page.getByRole('region', { name: 'Message' });
      await reader.getByRole('heading', { name: 'DNS prefetch vectors' }).waitFor();
      const body = page.frameLocator('iframe[title="Message body"]');
      await body.getByText('dns-prefetch-body').waitFor();
      await body.getByRole('link', { name: 'the article' }).first().hover();
      // The control's lookups were made within a second; the reader gets longer.
      await page.waitForTimeout(2_000);
    } finally {
      await context.close();
    }
    const netLog = readFileSync(netLogPath, 'utf8');
    const controlLookups = lookups(netLog, 'control-hint.test');
    const mailLookups = lookups(netLog, 'mail-hint.test');
    console.log(`dns prefetch: control page ${JSON.stringify(controlLookups)}; mail ${JSON.stringify(mailLookups)} (net log entries naming each host)`);
    assert.ok((controlLookups['link-prefetch'] ?? 0) > 0, 'the net log records a page’s DNS prefetch');
    assert.ok((controlLookups['link-preconnect'] ?? 0) > 0, 'the net log records a page’s preconnect');
    assert.deepEqual(mailLookups, { 'link-prefetch': 0, 'link-preconnect': 0, 'bare-link': 0 });
  });
});
