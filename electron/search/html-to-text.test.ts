import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToText } from './html-to-text.ts';

describe('htmlToText', () => {
  it('keeps the words and drops the tags', () => {
    assert.equal(htmlToText('<p>Hello <b>wor</b>ld</p><p>Again</p>'), 'Hello world\nAgain');
  });

  it('drops scripts, styles, the head and comments', () => {
    assert.equal(htmlToText('<head><title>T</title><style>p{color:red}</style></head><!-- hidden --><script>evil()</script>Shown'), 'Shown');
  });

  it('decodes named and numeric entities', () => {
    assert.equal(htmlToText('R&eacute;sum&#233; &amp; caf&#xE9;&nbsp;time &bogus;'), 'Résumé & café time &bogus;');
  });
});
