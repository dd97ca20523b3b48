import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkTarget } from './link-target.ts';

describe('linkTarget', () => {
  it('keeps http, https and mailto links and completes bare hosts and addresses', () => {
    assert.equal(linkTarget(' https://example.org/a '), 'https://example.org/a');
    assert.equal(linkTarget('mailto:bob@example.org'), 'mailto:bob@example.org');
    assert.equal(linkTarget('example.org/plan?x=1'), 'https://example.org/plan?x=1');
    assert.equal(linkTarget('bob@example.org'), 'mailto:bob@example.org');
  });

  it('refuses other schemes and what is not an address', () => {
    assert.equal(linkTarget('javascript:alert(1)'), null);
    assert.equal(linkTarget('data:text/html,x'), null);
    assert.equal(linkTarget('file:///etc/passwd'), null);
    assert.equal(linkTarget('just words'), null);
    assert.equal(linkTarget(''), null);
  });
});
