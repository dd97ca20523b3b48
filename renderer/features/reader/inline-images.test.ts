import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeContentId, referencedContentIds, replaceContentIds } from './inline-images.ts';

describe('inline images', () => {
  it('lists the content ids the HTML refers to, once each', () => {
    const html = '<img src="cid:Logo@Example"><div style="background:url(cid:bg%40x)"></div><img src="cid:logo@example">';
    assert.deepEqual(referencedContentIds(html), ['logo@example', 'bg@x']);
  });

  it('strips angle brackets from Content-ID header values', () => {
    assert.equal(normalizeContentId('<Part1.ABC@host>'), 'part1.abc@host');
  });

  it('replaces known content ids and leaves unknown ones alone', () => {
    const html = '<img src="cid:logo@example"><img src="cid:missing@x">';
    const result = replaceContentIds(html, new Map([['logo@example', 'data:image/png;base64,AAAA']]));
    assert.equal(result, '<img src="data:image/png;base64,AAAA"><img src="cid:missing@x">');
  });
});
