// The XSS and privacy suite: every payload of e2e/support/xss-payloads.ts is delivered
// through a real Dovecot (one text/html MIME part per payload, several parts per message),
// opened in the reader, printed, and quoted in Reply and Forward, in Chromium through
// browser mode. Passes when no dialog opens, no script side effect happens (in the page or
// any frame), nothing the sanitiser should remove is left in the rendered DOM, and no
// request leaves for any host but the app's own until "Load remote content", and then
// only images.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages } from '../test/servers/seed.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { startRemoteResourceServer, type RemoteResourceServer } from './support/remote-resource-server.ts';
import { expandPayload, xssPayloads, type XssPayload } from './support/xss-payloads.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();
const perMessage = 20;
const otherHost = 'http://tracker.invalid';
const sender = 'Mallory <mallory@evil.example>';

type Batch = { readonly subject: string; readonly payloads: readonly XssPayload[] };

// Each message holds payloads of one family, so the remote-content messages opened with
// consent below hold only payloads whose remote URLs point at the test's tracker.
const families = [...new Set(xssPayloads.map((payload) => payload.family))];
const batches: readonly Batch[] = families
  .flatMap((family) => {
    const members = xssPayloads.filter((payload) => payload.family === family);
    return Array.from({ length: Math.ceil(members.length / perMessage) }, (_, index) => members.slice(index * perMessage, (index + 1) * perMessage));
  })
  .map((payloads, index) => ({ subject: `XSS batch ${String(index + 1).padStart(2, '0')}`, payloads }));

function marker(payload: XssPayload): string {
  return `xss-marker-${payload.id}-end`;
}

function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

function multipartMessage(subject: string, from: string, parts: readonly string[], date: string): string {
  const boundary = `b-${subject.replace(/\W/g, '')}`;
  const head = [`From: ${from}`, 'To: alice@example.org', `Subject: ${subject}`, `Date: ${date}`, `Message-ID: <${boundary}@evil.example>`, 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`];
  const body = parts.map((html) => `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(html)}\r\n`);
  return `${head.join('\r\n')}\r\n\r\n${body.join('')}--${boundary}--\r\n`;
}

// Everything in the rendered document that must not be there, described (empty: clean).
// Runs in the page; `remoteAllowed` accepts http(s) image references.
function inspectFrames(args: { readonly selector: string; readonly remoteAllowed: boolean }): { readonly problems: readonly string[]; readonly sideEffects: readonly string[] } {
  const problems: string[] = [];
  const sideEffects: string[] = [];
  const top = window as unknown as Record<string, unknown>;
  if (top.__xss !== undefined) sideEffects.push('window.__xss was set');
  if (/xss/i.test(document.title)) sideEffects.push(`document.title became ${document.title}`);
  const forbidden = 'script,svg,math,form,input,button,textarea,select,iframe,frame,frameset,object,embed,applet,meta,base,link,noscript,template,portal,title,xmp,plaintext,noembed,noframes,audio,track';
  const external = (value: string) => {
    const v = value.replace(/[\p{Cc}\s]+/gu, '').toLowerCase();
    return v !== '' && !v.startsWith('data:') && !v.startsWith('cid:') && !v.startsWith('#') && !(args.remoteAllowed && /^https?:\/\//.test(v));
  };
  for (const frame of Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe'))) {
    const inner = frame.contentWindow as unknown as Record<string, unknown> | null;
    if (inner?.__xss !== undefined) sideEffects.push('frame window.__xss was set');
    const frameDocument = frame.contentDocument;
    if (frameDocument === null) continue;
    if (frameDocument.title === 'xss') sideEffects.push('frame document.title was set');
    if (frameDocument.querySelectorAll('iframe').length > 0) problems.push('a nested frame');
    if (!frame.matches(args.selector)) continue;
    const sandbox = frame.getAttribute('sandbox') ?? '';
    if (/allow-scripts|allow-forms|allow-popups|allow-top-navigation/.test(sandbox)) problems.push(`sandbox ${sandbox}`);
    const csp = frameDocument.querySelector('head meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
    if (!csp.startsWith("default-src 'none'")) problems.push(`csp ${csp}`);
    for (const element of Array.from(frameDocument.body.querySelectorAll(forbidden))) problems.push(`<${element.localName}> survived`);
    for (const element of Array.from(frameDocument.body.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`${name} on <${element.localName}>`);
        if (['src', 'background', 'poster', 'data', 'action', 'formaction', 'ping', 'xlink:href', 'lowsrc', 'dynsrc'].includes(name) && external(attribute.value)) problems.push(`${name}=${attribute.value}`);
        if (name === 'srcset' && attribute.value.split(',').some((candidate) => external(candidate.trim().split(/\s+/)[0] ?? ''))) problems.push(`srcset=${attribute.value}`);
        if (name === 'href' && element.localName !== 'a' && element.localName !== 'area' && external(attribute.value)) problems.push(`href on <${element.localName}>`);
        if (name === 'href' && /^\s*(javascript|vbscript|data):/i.test(attribute.value)) problems.push(`href=${attribute.value}`);
      }
      const style = element.getAttribute('style') ?? '';
      const css = element.localName === 'style' ? element.textContent : style;
      if (/@import|@font-face|expression\(|-moz-binding|behavior/i.test(css)) problems.push(`css ${css}`);
      for (const match of css.matchAll(/url\(\s*["']?([^"')]*)/gi)) if (external(match[1] ?? '')) problems.push(`css url ${match[1] ?? ''}`);
    }
  }
  return { problems, sideEffects };
}

describe('XSS and privacy suite', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let remote: RemoteResourceServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-xss-'));

  before(async () => {
    [dovecot, remote, browser] = await Promise.all([startDovecot(), startRemoteResourceServer(), launchChromium()]);
    const origin = remote.origin;
    const date = (minute: number) => `Mon, 2 Nov 2026 10:${String(minute).padStart(2, '0')}:00 +0000`;
    const messages = batches.map((batch, index) => ({
      raw: multipartMessage(batch.subject, sender, batch.payloads.map((payload) => `<p class="marker">${marker(payload)}</p>${expandPayload(payload, origin, otherHost)}`), date(index)),
    }));
    // EFAIL's direct exfiltration: part 1 opens an image URL that part 2 must not complete.
    messages.push({ raw: multipartMessage('EFAIL direct exfiltration', sender, [`<img src="${origin}/efail?`, '<p>efail-secret-plaintext</p>', '">'], date(50)) });
    messages.push({ raw: multipartMessage('Newsletter with images', 'News <news@letters.example>', [`<p>news-body</p><img src="${origin}/news-1.gif" alt="n">`], date(51)) });
    messages.push({ raw: multipartMessage('Second newsletter', 'News <news@letters.example>', [`<p>news-two</p><img src="${origin}/news-2.gif" alt="n">`], date(52)) });
    await appendMessages(dovecot, 'alice', 'INBOX', messages);
    app = await startBrowserMode(join(workDir, 'data'), dovecot.caCertificate);
  });

  after(async () => {
    await app?.stop();
    await browser?.close();
    await remote?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('runs no script, opens no dialog and loads nothing remote in the reader, print, reply and forward; then only images', async () => {
    const server = dovecot!;
    const tracker = remote!;
    const appOrigin = new URL(app!.url).origin;
    const context: BrowserContext = await browser!.newContext({ viewport: { width: 1400, height: 2600 } });
    const dialogs: string[] = [];
    const outside: { readonly url: string; readonly type: string; readonly phase: string }[] = [];
    let phase = 'before consent';
    await context.route('**/*', async (route) => {
      const request: Request = route.request();
      const url = request.url();
      if (url.startsWith(`${appOrigin}/`)) return route.continue();
      outside.push({ url, type: request.resourceType(), phase });
      // After consent the tracker may answer (images only, checked below); nobody else.
      if (phase !== 'before consent' && url.startsWith(`${tracker.origin}/`)) return route.continue();
      return route.abort();
    });
    const page: Page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const setupStarted = Date.now();
    await page.goto(app!.url);
    await submitAddAccount(page, dovecotAccount(server, 'alice'));
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Inbox/ }).click();
    const list = page.getByRole('listbox', { name: 'Messages' });
    const reader = page.getByRole('region', { name: 'Message' });
    await list.getByRole('option', { name: /Second newsletter/ }).waitFor({ timeout: 30_000 });
    console.log(`xss suite: account added and ${batches.length + 3} messages listed in ${Math.round((Date.now() - setupStarted) / 1000)} s`);

    async function assertClean(where: string, selector: string, remoteAllowed = false) {
      const report = await page.evaluate(inspectFrames, { selector, remoteAllowed });
      assert.deepEqual(report.sideEffects, [], `${where}: script side effects`);
      assert.deepEqual(report.problems, [], `${where}: what the sanitiser left`);
      assert.deepEqual(dialogs, [], `${where}: dialogs`);
    }

    async function waitForParts(selector: string, markers: readonly string[]) {
      await page.waitForFunction(
        ({ selector, markers }) => {
          const frame = document.querySelector<HTMLIFrameElement>(selector);
          const body = frame?.contentDocument?.body;
          if (!body) return false;
          const parts = Array.from(body.querySelectorAll(':scope > [data-mail-part], :scope > header ~ [data-mail-part]'));
          return parts.length === markers.length && markers.every((text, index) => (parts[index]?.textContent ?? '').includes(text));
        },
        { selector, markers },
        { timeout: 20_000 },
      );
    }

    async function openComposer(button: 'Reply' | 'Forward', subject: string, markers: readonly string[]) {
      await reader.getByRole('button', { name: button, exact: true }).click();
      const composer = page.getByRole('dialog', { name: `${button === 'Reply' ? 'Re' : 'Fwd'}: ${subject}` });
      const body = composer.getByLabel('Body');
      await body.waitFor();
      // A reply to HTML mail opens in rich text: the quote is the editor's text.
      const quoted = await body.evaluate((element) => (element instanceof HTMLTextAreaElement ? element.value : (element as HTMLElement).innerText));
      for (const text of markers) assert.ok(quoted.includes(text), `${button} of ${subject} quotes ${text}`);
      await assertClean(`${button} of ${subject}`, 'iframe[title="Message body"]');
      await composer.getByRole('button', { name: 'Discard' }).click();
      await composer.waitFor({ state: 'detached' });
    }

    const payloadsStarted = Date.now();
    const readerFrame = 'iframe[title="Message body"]';
    const printFrame = 'iframe.mail-print-frame';
    let tried = 0;
    for (const batch of batches) {
      const markers = batch.payloads.map(marker);
      await list.getByRole('option', { name: new RegExp(batch.subject) }).click();
      await reader.getByRole('heading', { name: batch.subject }).waitFor();
      await waitForParts(readerFrame, markers);
      await assertClean(`reader: ${batch.subject}`, readerFrame);
      await reader.getByRole('button', { name: 'Print' }).click();
      await waitForParts(printFrame, markers);
      await assertClean(`print: ${batch.subject}`, printFrame);
      await openComposer('Reply', batch.subject, markers);
      await openComposer('Forward', batch.subject, markers);
      tried += batch.payloads.length;
    }

    // EFAIL: three parts stay three; the secret is text in part 2, never part of a URL.
    await list.getByRole('option', { name: /EFAIL direct exfiltration/ }).click();
    await waitForParts(readerFrame, ['', 'efail-secret-plaintext', '']);
    await assertClean('reader: EFAIL', readerFrame);
    assert.equal(outside.length, 0, `no request may leave for any host but the app before consent: ${JSON.stringify(outside)}`);
    assert.deepEqual(tracker.requests(), []);
    const consentStarted = Date.now();

    // The unterminated <img src=" of part 1 ends with its own part: no image, nothing to load.
    assert.equal(await reader.getByRole('button', { name: 'Load remote content' }).count(), 0);

    // Remote content for a privacy batch: every request is an image on the tracker's host.
    const privacyBatches = batches.filter((batch) => batch.payloads.some((payload) => payload.family === 'remote content'));
    phase = 'privacy batch allowed';
    for (const batch of privacyBatches.slice(0, 3)) {
      await list.getByRole('option', { name: new RegExp(batch.subject) }).click();
      await waitForParts(readerFrame, batch.payloads.map(marker));
      await reader.getByRole('button', { name: 'Load remote content' }).click();
      await page.waitForFunction(() => document.querySelector('.remote-note') === null);
      await waitForParts(readerFrame, batch.payloads.map(marker));
      await assertClean(`reader with remote content: ${batch.subject}`, readerFrame, true);
    }
    // Images that loaded have fired their load or error events by now; give stragglers a moment.
    await page.waitForLoadState('networkidle');
    const afterConsent = outside.filter((entry) => entry.phase !== 'before consent');
    assert.ok(afterConsent.length > 0, 'allowed images were requested');
    assert.deepEqual(afterConsent.filter((entry) => entry.type !== 'image' || !entry.url.startsWith(`${tracker.origin}/`)), [], 'after consent: images on the sender\'s host only');
    assert.deepEqual(dialogs, []);

    // "Always from this sender" is kept, applies to the sender's next message, and is revocable.
    phase = 'sender allowed';
    await list.getByRole('option', { name: /Newsletter with images/ }).click();
    await waitForParts(readerFrame, ['news-body']);
    await reader.getByRole('button', { name: 'Always from news@letters.example' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLIFrameElement>('iframe[title="Message body"]')?.contentDocument?.querySelector('img[src$="/news-1.gif"]') !== null);
    await list.getByRole('option', { name: /Second newsletter/ }).click();
    await waitForParts(readerFrame, ['news-two']);
    await page.waitForFunction(() => document.querySelector<HTMLIFrameElement>('iframe[title="Message body"]')?.contentDocument?.querySelector('img[src$="/news-2.gif"]') !== null);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Privacy' }).click();
    await settings.getByRole('button', { name: 'Revoke sender news@letters.example' }).click();
    await settings.getByRole('button', { name: 'Revoke sender news@letters.example' }).waitFor({ state: 'detached' });
    await settings.getByRole('button', { name: 'Close' }).first().click();
    await list.getByRole('option', { name: /Newsletter with images/ }).click();
    await list.getByRole('option', { name: /Second newsletter/ }).click();
    await waitForParts(readerFrame, ['news-two']);
    await reader.getByRole('button', { name: 'Load remote content' }).waitFor();
    await assertClean('reader after revoking', readerFrame);

    console.log(`xss suite: ${tried} payloads tried in reader, print, reply, forward (${batches.length} messages through Dovecot, ${Math.round((consentStarted - payloadsStarted) / 1000)} s); ${outside.length} outside requests, all after consent and all images; consent and revocation checks ${Math.round((Date.now() - consentStarted) / 1000)} s`);
    assert.ok(tried >= 200);
    await context.close();
  });
});
