import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { richHtmlToText, sanitizeRichHtml, textToRichHtml } from './rich-text.ts';

describe('sanitizeRichHtml', () => {
  it('keeps the allowed formatting and drops every attribute but a safe href', () => {
    assert.equal(
      sanitizeRichHtml('<p class="x" style="color:red">Hi <b onclick="x()">bold</b> <strong>strong</strong> <i>it</i> <em>em</em></p>'),
      '<p>Hi <b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em></p>',
    );
    assert.equal(
      sanitizeRichHtml('<ul><li>one<li>two</ul><ol><li>first</li></ol><blockquote>quoted</blockquote>'),
      '<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><blockquote>quoted</blockquote>',
    );
    assert.equal(sanitizeRichHtml('<a href="https://example.org/a?b=1&amp;c=2" target="_blank">x</a>'), '<a href="https://example.org/a?b=1&amp;c=2">x</a>');
    assert.equal(sanitizeRichHtml('<a href="mailto:bob@example.org">Bob</a>'), '<a href="mailto:bob@example.org">Bob</a>');
  });

  it('removes scripts, styles, event handlers and dangerous links, keeping the words', () => {
    assert.equal(sanitizeRichHtml('<script>alert(1)</script><style>p{}</style>safe'), 'safe');
    assert.equal(sanitizeRichHtml('<a href="javascript:alert(1)">click</a>'), 'click');
    assert.equal(sanitizeRichHtml('<a href="java\tscript:alert(1)">click</a>'), 'click');
    assert.equal(sanitizeRichHtml('<a href="data:text/html,alert(1)">x</a>'), 'x');
    // A "<" inside a quoted value is read as text: garbled, never markup.
    assert.doesNotMatch(sanitizeRichHtml('<a href="data:text/html,<script>">x</a>'), /<[a-z]/i);
    assert.equal(sanitizeRichHtml('<img src=x onerror=alert(1)><svg><script>alert(1)</script></svg>'), '');
    assert.equal(sanitizeRichHtml('<iframe src="https://evil.example"></iframe><p>after</p>'), '<p>after</p>');
    assert.equal(sanitizeRichHtml('<a href="https://x.example" title="<b>">t</a>'), '&lt;a href="https://x.example" title="<b>"&gt;t</b>');
    assert.equal(sanitizeRichHtml('<!-- <script>x</script> -->a<!doctype html>b'), 'ab');
    assert.equal(sanitizeRichHtml('1 < 2 & 3 > "2"'), '1 &lt; 2 &amp; 3 &gt; "2"');
    assert.equal(sanitizeRichHtml('<p>&lt;script&gt;</p>'), '<p>&lt;script&gt;</p>');
  });

  it('turns other block elements into line breaks and unwraps the rest', () => {
    assert.equal(sanitizeRichHtml('<div>a</div><div><span style="x">b</span></div>'), 'a<br>b<br>');
    assert.equal(sanitizeRichHtml('<h1>Title</h1><table><tr><td>x</td><td>y</td></tr></table>'), 'Title<br> x y<br>');
  });

  it('reads a page of unclosed quotes in one pass', () => {
    const hostile = '<a title="'.repeat(200_000);
    const started = process.hrtime.bigint();
    sanitizeRichHtml(hostile);
    // Generous: a quadratic reading of 2 MB would take minutes.
    assert.ok(process.hrtime.bigint() - started < 20_000_000_000n);
  });
});

describe('richHtmlToText', () => {
  it('writes lists with "- " and "1. ", links as "text <url>" and quotes with "> "', () => {
    const html =
      '<p>Hello <b>Bob</b>,</p><p>the plan:</p><ul><li>one</li><li>two<ul><li>two a</li></ul></li></ul>' +
      '<ol><li>first</li><li>second</li></ol><p>See <a href="https://example.org/plan">the plan</a> or <a href="https://example.org">https://example.org</a>.</p>' +
      '<p>Mail <a href="mailto:ann@example.org">ann@example.org</a></p><blockquote><p>earlier words</p><blockquote>older</blockquote></blockquote>';
    assert.equal(
      richHtmlToText(html),
      [
        'Hello Bob,',
        'the plan:',
        '- one',
        '- two',
        '  - two a',
        '1. first',
        '2. second',
        'See the plan <https://example.org/plan> or https://example.org.',
        'Mail ann@example.org',
        '> earlier words',
        '>> older',
        '',
      ].join('\n'),
    );
  });

  it('keeps empty paragraphs and breaks as empty lines', () => {
    assert.equal(richHtmlToText('<p>a</p><p><br></p><p>b<br>c</p>'), 'a\n\nb\nc\n');
    assert.equal(richHtmlToText(''), '');
  });

  it('is the inverse of textToRichHtml for plain lines', () => {
    const text = 'one <two> & three\n\nfour\n';
    assert.equal(textToRichHtml(text), '<p>one &lt;two&gt; &amp; three</p><p><br></p><p>four</p>');
    assert.equal(richHtmlToText(textToRichHtml(text)), text);
  });
});
