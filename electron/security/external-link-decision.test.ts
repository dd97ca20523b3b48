import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideExternalLink, type ExternalLinkDecision } from './external-link-decision.ts';
import { shownHosts } from './deceptive-link.ts';

type Case = readonly [href: string, text: string | undefined, expected: ExternalLinkDecision['action'], detail?: { host?: string; shownHost?: string | null; reason?: RegExp }];

// Hostile links as they arrive in mail: the href, the text a reader sees, and the outcome.
const cases: readonly Case[] = [
  // Never opened, whatever the text says.
  ['javascript:alert(1)', 'https://bank.example', 'refuse', { reason: /"javascript:"/ }],
  ['JaVaScRiPt:alert(document.domain)', 'Click here', 'refuse', { reason: /"javascript:"/ }],
  ['java\tscript:alert(1)', 'bank.example', 'refuse', { reason: /control characters/ }],
  ['file:///etc/passwd', 'bank.example', 'refuse', { reason: /"file:"/ }],
  ['file://attacker.example/share/invoice.exe', 'invoice.pdf', 'refuse', { reason: /"file:"/ }],
  ['data:text/html,<script>alert(1)</script>', 'Open', 'refuse', { reason: /"data:"/ }],
  ['vbscript:msgbox(1)', undefined, 'refuse', { reason: /"vbscript:"/ }],
  ['https://bank.example@evil.example/', 'https://bank.example', 'refuse', { reason: /user name or password/ }],
  ['https://bank.example:secure@evil.example/', 'bank.example', 'refuse', { reason: /user name or password/ }],
  ['https://bank.example%40evil.example/', 'bank.example', 'refuse', { reason: /not a complete/ }],
  ['https://evil.example/\u202egpj.exe', 'photo.jpg', 'refuse', { reason: /control characters/ }],
  ['https://evil.example/\u0000', 'bank.example', 'refuse', { reason: /control characters/ }],
  ['\u000bhttps://evil.example/', 'bank.example', 'refuse', { reason: /control characters/ }],
  ['ms-msdt:/id PCWDiagnostic', 'Update', 'refuse', { reason: /"ms-msdt:"/ }],
  ['//evil.example/', 'bank.example', 'refuse', { reason: /not a complete/ }],

  // The text shows one host, the link leads to another: asked first, real host shown.
  ['https://evil.example/login', 'https://bank.example', 'confirm', { host: 'evil.example', shownHost: 'bank.example' }],
  ['https://bank.example.evil.example/', 'bank.example', 'confirm', { host: 'bank.example.evil.example', shownHost: 'bank.example' }],
  ['http://evil.example/', 'www.bank.example', 'confirm', { host: 'evil.example', shownHost: 'www.bank.example' }],
  ['https://evil.example/', 'https://bank.example@evil.example/', 'confirm', { host: 'evil.example', shownHost: 'bank.example' }],
  ['https://evil.example\\@bank.example', 'https://bank.example', 'confirm', { host: 'evil.example', shownHost: 'bank.example' }],
  ['https:\\\\evil.example\\login', 'bank.example', 'confirm', { host: 'evil.example', shownHost: 'bank.example' }],
  ['  https://evil.example/  ', 'bank.example', 'confirm', { host: 'evil.example', shownHost: 'bank.example' }],
  ['https://evil.example/', 'bank\u200b.example', 'confirm', { host: 'evil.example', shownHost: 'bank.example' }],
  ['https://evil.example/', 'ｂａｎｋ．ｅｘａｍｐｌｅ', 'confirm', { host: 'evil.example', shownHost: 'bank.example' }],
  ['https://evil.example/', 'Your statement: HTTPS://BANK.EXAMPLE/statements', 'confirm', { host: 'evil.example', shownHost: 'bank.example' }],
  ['http://3232235777/', 'bank.example', 'confirm', { host: '192.168.1.1', shownHost: 'bank.example' }],
  ['http://0x7f.1/', 'bank.example', 'confirm', { host: '127.0.0.1', shownHost: 'bank.example' }],
  ['mailto:attacker@evil.example', 'support@bank.example', 'confirm', { host: 'evil.example', shownHost: 'bank.example' }],
  ['https://p\u0430ypal.com/', 'https://paypal.com', 'confirm', { host: 'xn--pypal-4ve.com', shownHost: 'paypal.com' }],
  ['https://\u0430\u0440\u0440\u04cf\u0435.com/', 'apple.com', 'confirm', { host: 'xn--80ak6aa92e.com', shownHost: 'apple.com' }],

  // International names look like others letter by letter: always asked, in punycode.
  ['https://p\u0430ypal.com/', 'p\u0430ypal.com', 'confirm', { host: 'xn--pypal-4ve.com', shownHost: null }],
  ['https://\u0440\u0430\u0443\u0440\u0430l.com/signin', 'Sign in', 'confirm', { host: 'xn--l-7sba6dbr.com', shownHost: null }],
  ['https://xn--pypal-4ve.com/', undefined, 'confirm', { host: 'xn--pypal-4ve.com', shownHost: null }],
  ['https://b\u00fccher.example/', 'b\u00fccher.example', 'confirm', { host: 'xn--bcher-kva.example', shownHost: null }],
  ['mailto:ceo@p\u0430ypal.com', 'ceo@p\u0430ypal.com', 'confirm', { host: 'xn--pypal-4ve.com', shownHost: null }],

  // Honest links open at once.
  ['https://example.org/a', 'https://example.org/a', 'open'],
  ['https://www.example.org/', 'example.org', 'open'],
  ['https://example.org/', 'www.example.org', 'open'],
  ['HTTPS://Example.ORG/Path', 'https://example.org', 'open'],
  ['https://example.org./', 'example.org', 'open'],
  ['https://news.example/article', 'Read more', 'open'],
  ['https://files.example/r.pdf', 'Download report.pdf now', 'open'],
  ['mailto:support@example.org', 'support@example.org', 'open'],
  ['mailto:support@example.org', 'Write to us', 'open'],
  ['https://example.org/', undefined, 'open'],
  ['https://example.org/', 'x'.repeat(20_000), 'open'],
];

describe('decideExternalLink', () => {
  for (const [href, text, expected, detail] of cases) {
    const name = `${expected}s ${JSON.stringify(href)} shown as ${JSON.stringify(text === undefined ? null : text.slice(0, 60))}`;
    it(name, () => {
      const decision = decideExternalLink(text === undefined ? { url: href } : { url: href, linkText: text });
      assert.equal(decision.action, expected, JSON.stringify(decision));
      if (decision.action === 'refuse' && detail?.reason) assert.match(decision.reason, detail.reason);
      if (decision.action === 'confirm') {
        assert.match(decision.confirmation.host, /^[\x21-\x7e]+$/, 'the real host is shown in ASCII (punycode)');
        if (detail?.host !== undefined) assert.equal(decision.confirmation.host, detail.host);
        if (detail?.shownHost !== undefined) assert.equal(decision.confirmation.shownHost, detail.shownHost);
        // Once the user has seen it and agreed, the same link opens in its normalised form.
        const confirmed = decideExternalLink({ url: href, ...(text === undefined ? {} : { linkText: text }), confirmed: true });
        assert.deepEqual(confirmed, { action: 'open', url: decision.url });
      }
    });
  }

  it('never lets "confirmed" open a link that is refused', () => {
    assert.equal(decideExternalLink({ url: 'javascript:alert(1)', confirmed: true }).action, 'refuse');
    assert.equal(decideExternalLink({ url: 'https://a.example@evil.example/', confirmed: true }).action, 'refuse');
  });

  it('reads no hosts from text that only mentions file names', () => {
    assert.deepEqual(shownHosts('See report.pdf and notes.txt'), []);
  });

  it(`tried ${cases.length} links`, () => {
    console.log(`link policy: ${cases.length} hostile and honest links decided (${cases.filter((c) => c[2] === 'refuse').length} refused, ${cases.filter((c) => c[2] === 'confirm').length} asked first, ${cases.filter((c) => c[2] === 'open').length} opened)`);
  });
});
