import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHtmlTextStream } from './html-text-stream.ts';
import { htmlToText } from './html-to-text.ts';

function streamed(html: string, chunkChars: number): string {
  const stream = createHtmlTextStream();
  let text = '';
  for (let at = 0; at < html.length; at += chunkChars) text += stream.write(html.slice(at, at + chunkChars));
  return text + stream.end();
}

// A newsletter-like document: blocks, inline tags inside words, entities, attributes over
// two lines, and comments, styles and scripts that span lines.
function document(rows: number): string {
  const lines = ['<html><head><title>Weekly</title>', '<style>', 'p { color: red }', '</style></head><body>'];
  for (let row = 1; row <= rows; row += 1) {
    lines.push(`<p class="row"\n   id="r${row}">Row ${row}: caf&eacute; <b>wor</b>ld &amp; more</p>`);
    if (row % 7 === 0) lines.push('<!-- a comment', `that spans lines ${row} -->`);
    if (row % 11 === 0) lines.push('<script>', `var hidden${row} = "<p>not text</p>";`, '</script>');
  }
  lines.push('</body></html>');
  return lines.join('\n');
}

describe('createHtmlTextStream', () => {
  it('gives exactly the text htmlToText gives for the whole document, whatever the chunk size', () => {
    const html = document(300);
    const whole = htmlToText(html);
    assert.match(whole, /Row 300: café world & more/);
    for (const chunkChars of [1, 2, 3, 7, 64, 200, 333, 1000, 4096, html.length]) {
      assert.equal(streamed(html, chunkChars), whole, `chunks of ${chunkChars}`);
    }
  });

  it('drops a comment or script that spans many chunks, and reads on after it', () => {
    const html = `<p>before</p>\n<!--${' hidden'.repeat(10_000)} -->\n<p>after</p>\n<script>${'x();\n'.repeat(10_000)}</script>\n<p>end</p>`;
    assert.equal(streamed(html, 1000), htmlToText(html));
    assert.equal(streamed(html, 1000), 'before\nafter\nend');
  });

  it('reads on as text past a block that is never closed, as htmlToText does', () => {
    assert.equal(streamed('<p>one</p>\n<title>two\n<p>three</p>', 8), htmlToText('<p>one</p>\n<title>two\n<p>three</p>'));
  });

  it('bounds what it holds on hostile input: a tag that never ends, one line of text', () => {
    const stream = createHtmlTextStream();
    assert.equal(stream.write('<p>start</p>\n<img alt="'), 'start');
    for (let chunk = 0; chunk < 3; chunk += 1) stream.write('x'.repeat(1024 * 1024));
    assert.equal(stream.write('">\n<p>later</p>\n'), '\nlater', 'the overlong tag was dropped, not held');
    // Text with no line break and no tag is cut at each chunk's end, inside words.
    const line = `${'word '.repeat(100_000)}&amp;`;
    assert.equal(streamed(line, 4093), htmlToText(line));
    const inline = '<b>wor</b>ld '.repeat(10_000);
    assert.equal(streamed(inline, 1001), htmlToText(inline));
  });
});
