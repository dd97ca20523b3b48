import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMailDocument, mailCsp, mailFrameSandbox, printFrameSandbox } from './mail-document.ts';

function cspOf(document: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(document);
  assert.ok(match?.[1], 'the document carries a CSP meta');
  return match[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

function directives(csp: string): ReadonlyMap<string, readonly string[]> {
  return new Map(
    csp.split(';').map((entry) => {
      const [name = '', ...values] = entry.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('mail document', () => {
  it('blocks every load but data: and cid: images and inline styles before the user allows remote content', () => {
    const policy = directives(mailCsp(false));
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('img-src'), ['data:', 'cid:']);
    assert.deepEqual(policy.get('style-src'), ["'unsafe-inline'"]);
    assert.deepEqual(policy.get('base-uri'), ["'none'"]);
    assert.deepEqual(policy.get('form-action'), ["'none'"]);
    assert.equal(policy.has('script-src'), false);
    assert.equal(policy.has('font-src'), false);
    assert.deepEqual([...policy.keys()].sort(), ['base-uri', 'default-src', 'form-action', 'img-src', 'style-src']);
  });

  it('adds only web images once allowed: no styles, fonts or anything else from the network', () => {
    const policy = directives(mailCsp(true));
    assert.deepEqual(policy.get('img-src'), ['data:', 'cid:', 'https:', 'http:']);
    assert.deepEqual(policy.get('style-src'), ["'unsafe-inline'"]);
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
  });

  it('puts the policy, no-referrer and no DNS prefetch in the head, before the body', () => {
    const document = buildMailDocument('<p>Hello</p>', false);
    assert.equal(cspOf(document), mailCsp(false));
    const body = document.indexOf('<body>');
    for (const meta of ['Content-Security-Policy', '<meta name="referrer" content="no-referrer">', '<meta http-equiv="x-dns-prefetch-control" content="off">']) {
      assert.ok(document.indexOf(meta) > 0 && document.indexOf(meta) < body, meta);
    }
    assert.ok(document.includes('<body><p>Hello</p></body>'));
    assert.equal(cspOf(buildMailDocument('', true)), mailCsp(true));
  });

  it('sandboxes the frame without scripts, forms, popups, top navigation or modals', () => {
    const tokens = mailFrameSandbox.split(/\s+/);
    assert.deepEqual(tokens, ['allow-same-origin']);
    const print = printFrameSandbox.split(/\s+/);
    for (const forbidden of ['allow-scripts', 'allow-forms', 'allow-popups', 'allow-top-navigation', 'allow-top-navigation-by-user-activation', 'allow-popups-to-escape-sandbox']) {
      assert.equal(tokens.includes(forbidden), false, forbidden);
      assert.equal(print.includes(forbidden), false, forbidden);
    }
  });
});
