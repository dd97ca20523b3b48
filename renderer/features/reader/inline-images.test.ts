import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeContentId, referencedContentIds } from './inline-images.ts';

describe('inline images', () => {
  it('lists the content ids the HTML refers to, once each', () => {
    const html = '<img src="cid:Logo@Example"><div style="background:url(cid:bg%40x)"></div><img src="cid:logo@example">';
    assert.deepEqual(referencedContentIds(html), ['logo@example', 'bg@x']);
  });

  it('strips angle brackets from Content-ID header values', () => {
    assert.equal(normalizeContentId('<Part1.ABC@host>'), 'part1.abc@host');
  });
});
