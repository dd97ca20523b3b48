import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasRemoteContent, isExternalReference } from './remote-content.ts';

describe('hasRemoteContent', () => {
  it('finds a remote image source', () => {
    assert.equal(hasRemoteContent('<p>Hi</p><img src="https://tracker.example/p.gif">'), true);
    assert.equal(hasRemoteContent("<img alt=x src='//cdn.example/a.png'>"), true);
    assert.equal(hasRemoteContent('<img src=http://a.example/x.png>'), true);
  });

  it('finds remote candidates in srcset, background attributes and CSS url()', () => {
    assert.equal(hasRemoteContent('<img srcset="data:image/png;base64,AA 1x, https://x.example/b.png 2x">'), true);
    assert.equal(hasRemoteContent('<td background="http://x.example/bg.jpg">'), true);
    assert.equal(hasRemoteContent('<div style="background-image: url(\'https://x.example/bg.jpg\')">'), true);
    assert.equal(hasRemoteContent('<style>@font-face{src:url(https://fonts.example/f.woff)}</style>'), true);
    assert.equal(hasRemoteContent('<style>@import "https://x.example/a.css";</style>'), true);
  });

  it('checks every attribute of a tag, not only the first one', () => {
    assert.equal(hasRemoteContent('<img src="data:image/png;base64,AA" srcset="https://x.example/b.png 2x">'), true);
    assert.equal(hasRemoteContent('<table><tr><td width="1" background="https://x.example/bg.jpg">'), true);
  });

  it('finds a stylesheet link', () => {
    assert.equal(hasRemoteContent('<link rel="stylesheet" href="https://x.example/a.css">'), true);
  });

  it('sees through entity and whitespace tricks', () => {
    assert.equal(hasRemoteContent('<img src="&#104;ttps://x.example/a.png">'), true);
    assert.equal(hasRemoteContent('<img src=" https://x.example/a.png ">'), true);
  });

  it('ignores links, embedded data, cid: parts and plain text', () => {
    assert.equal(hasRemoteContent('<a href="https://example.org">Read more at https://example.org</a>'), false);
    assert.equal(hasRemoteContent('<img src="data:image/png;base64,iVBORw0KGgo=">'), false);
    assert.equal(hasRemoteContent('<img src="cid:logo@example">'), false);
    assert.equal(hasRemoteContent('<div style="background:url(data:image/gif;base64,R0lGOD)">x</div>'), false);
    assert.equal(hasRemoteContent('<p>Plain words only</p>'), false);
  });
});

describe('isExternalReference', () => {
  it('treats relative URLs as external because they would load from the page origin', () => {
    assert.equal(isExternalReference('images/a.png'), true);
    assert.equal(isExternalReference('"#section"'), false);
    assert.equal(isExternalReference(''), false);
  });
});
