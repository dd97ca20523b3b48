import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMessageForReading } from '../mime/parse-message.ts';
import { bodyTextOf } from './body-text.ts';
import { indexedTextLimits, indexHoldsOnlyStart, streamedText, textLayoutOf, withoutTextBodies } from './indexed-text.ts';

const megabyte = 1024 * 1024;

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

// A newsletter of about htmlBytes, base64-encoded, beside a plain-text alternative of
// textBytes and one attachment; `last` is the word its HTML ends with.
function newsletter(options: {
  readonly htmlBytes: number;
  readonly markupPerRow?: number;
  readonly last: string;
  readonly plainBytes?: number;
}): Buffer {
  const markup = `<span style="${'x'.repeat(options.markupPerRow ?? 0)}"></span>`;
  const rows: string[] = ['<html><head><style>p { margin: 0 }</style></head><body>'];
  let size = 0;
  for (let row = 1; size < options.htmlBytes; row += 1) {
    const line = `<p>Row ${row} of the <b>news</b>letter${markup}</p>\n`;
    rows.push(line);
    size += line.length;
  }
  rows.push(`<p>${options.last}</p></body></html>\n`);
  const html = Buffer.from(rows.join(''), 'utf8');
  const plain = 'Plain alternative words.\r\n'.repeat(Math.ceil((options.plainBytes ?? 0) / 26));
  return Buffer.from(
    [
      'From: news@example.org',
      'Subject: Huge newsletter',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      plain,
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(html),
      '--alt--',
      '--outer',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.alloc(3 * megabyte, 7)),
      '--outer--',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

describe('the index text of a message with huge text parts', () => {
  it('takes the start of a huge HTML body, made text as it streams, and says it holds only the start', async () => {
    const source = newsletter({ htmlBytes: 12 * megabyte, last: 'finalword', plainBytes: 1000 });
    assert.ok(textLayoutOf(source).textBytes > indexedTextLimits.wholeParseBytes);
    const text = await bodyTextOf(source);
    assert.match(text.body, /^Row 1 of the newsletter\nRow 2 of the newsletter\n/);
    assert.ok(
      text.body.length <= indexedTextLimits.maxChars && text.body.length > indexedTextLimits.maxChars - 100,
      `${text.body.length} characters`,
    );
    assert.doesNotMatch(text.body, /finalword/);
    assert.deepEqual(text.fileNames, ['report.pdf']);
    assert.equal(indexHoldsOnlyStart(source), true);
  });

  it('reads the whole of a huge body whose text fits, past where its encoded bytes would have been cut', async () => {
    // Mostly markup: 12 MB of HTML, about 1 MB of text.
    const source = newsletter({ htmlBytes: 12 * megabyte, markupPerRow: 400, last: 'finalword' });
    const text = await bodyTextOf(source);
    assert.match(text.body, /finalword$/);
    assert.ok(text.body.length < indexedTextLimits.maxChars);
    assert.equal(indexHoldsOnlyStart(source), false);
  });

  it('lists the same attachment names from the source without its text bodies as from the whole source', async () => {
    const source = newsletter({ htmlBytes: 3 * megabyte, last: 'end' });
    const layout = textLayoutOf(source);
    const pieces = withoutTextBodies(source, layout);
    const withoutText = pieces.reduce((sum, piece) => sum + piece.length, 0);
    assert.equal(withoutText, source.length - layout.textBytes);
    const whole = await parseMessageForReading(source, 10);
    const cut = await parseMessageForReading(pieces, 10);
    assert.deepEqual(
      cut.attachments.map((attachment) => [attachment.id, attachment.fileName, attachment.contentType]),
      whole.attachments.map((attachment) => [attachment.id, attachment.fileName, attachment.contentType]),
    );
    assert.equal(cut.html, null, 'the HTML body was left out');
  });

  it('reads an ordinary message whole, as before, and says nothing of its index', async () => {
    const source = newsletter({ htmlBytes: 10_000, last: 'finalword', plainBytes: 100 });
    assert.ok(textLayoutOf(source).textBytes < indexedTextLimits.wholeParseBytes);
    const text = await bodyTextOf(source);
    // mailparser's choice for an ordinary message: the plain alternative.
    assert.match(text.body, /^Plain alternative words\./);
    assert.equal(indexHoldsOnlyStart(source), false);
  });

  it('counts readable parts past what the reader takes as text the index does not hold', () => {
    const parts = Array.from(
      { length: 300 },
      (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart${index} ${'word '.repeat(2000)}\r\n`,
    ).join('');
    const source = Buffer.from(`Subject: many\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`);
    const streamed = streamedText(source);
    assert.match(streamed.body, /^part0 word/);
    assert.match(streamed.body, /part199 word/);
    assert.doesNotMatch(streamed.body, /part200 /);
    assert.equal(streamed.truncated, true);
  });
});
