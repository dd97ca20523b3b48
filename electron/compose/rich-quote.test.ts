import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { richQuote } from './rich-quote.ts';

describe('richQuote', () => {
  it('keeps each part to itself: markup opened in one part does not take in the next', () => {
    const quote = richQuote([
      { kind: 'html', html: '<img src="https://evil.example/x?' },
      { kind: 'html', html: '<p>secret</p>' },
      { kind: 'text', text: 'plain <b>words</b>' },
      { kind: 'html', html: '">' },
    ]);
    assert.equal(quote, '<p>secret</p><p>plain &lt;b&gt;words&lt;/b&gt;</p>"&gt;');
  });

  it('leaves mail without an HTML part to the plain quote', () => {
    assert.equal(richQuote([{ kind: 'text', text: 'hi' }]), null);
    assert.equal(richQuote([]), null);
  });
});
