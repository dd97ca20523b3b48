import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentIdOf, inlineImageUrl, isExternalReference, isWebUrl } from './url-policy.ts';

describe('mail URL policy', () => {
  it('counts web, protocol-relative, relative and odd-scheme references as external', () => {
    for (const url of ['https://x.example/a.png', '//cdn.example/a', 'images/a.png', ' http://x', 'ht\ttp://x', 'ftp://x', 'javascript:alert(1)', 'blob:x']) {
      assert.equal(isExternalReference(url), true, url);
    }
  });

  it('lets embedded data, cid: parts and fragments through', () => {
    for (const url of ['data:image/png;base64,AA', 'CID:logo@x', '#top', '', 'about:blank']) {
      assert.equal(isExternalReference(url), false, url);
    }
  });

  it('allows only http and https once remote content is allowed', () => {
    assert.equal(isWebUrl('https://x.example/a.png'), true);
    assert.equal(isWebUrl('//x.example/a.png'), false);
    assert.equal(isWebUrl('file:///etc/passwd'), false);
  });

  it('reads content ids and refuses inline image types that could carry markup', () => {
    assert.equal(contentIdOf('cid:Logo%40Example'), 'logo@example');
    assert.equal(contentIdOf('https://x'), null);
    assert.equal(inlineImageUrl('image/PNG', 'iVBO\r\nRw=='), 'data:image/png;base64,iVBORw==');
    assert.equal(inlineImageUrl('image/svg+xml', 'PHN2Zz4='), null);
    assert.equal(inlineImageUrl('image/png" onerror="alert(1)', 'AA'), null);
    assert.equal(inlineImageUrl('image/png', 'AA"><script>'), null);
  });
});
