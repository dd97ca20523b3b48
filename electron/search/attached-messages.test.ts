import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachedMessageLimits } from './attached-messages.ts';
import { bodyTextOf } from './body-text.ts';
import { indexedTextLimits, readsInChunks, textLayoutOf } from './indexed-text.ts';
import { base64Lines as encodedLines, forwardingMessage, type ForwardEncoding } from '../../test/servers/forwarded-mail.ts';

const megabyte = 1024 * 1024;

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

// A forwarded message: RFC 2047 subject, an HTML body in quoted-printable.
function forwarded(word: string, inner = ''): string {
  return [
    'From: =?utf-8?q?Zo=C3=AB_Inner?= <zoe@example.org>',
    `Subject: =?utf-8?q?Plans_for_${word}Subject?=`,
    'MIME-Version: 1.0',
    inner === '' ? 'Content-Type: text/html; charset=utf-8' : `Content-Type: multipart/mixed; boundary="inner-${word}"`,
    ...(inner === '' ? ['Content-Transfer-Encoding: quoted-printable', '', `<p>The forwarded body says ${word}Body =E2=80=94 twice.</p>`] : []),
    ...(inner === ''
      ? []
      : ['', `--inner-${word}`, 'Content-Type: text/plain', '', `Level text ${word}Body.`, `--inner-${word}`, 'Content-Type: message/rfc822', '', inner, `--inner-${word}--`]),
    '',
  ].join('\r\n');
}

// A carrier whose own text is htmlBytes of HTML (past wholeParseBytes: its text is read in
// chunks), then a forwarded message, then an attachment.
function carrier(htmlBytes: number, attached: readonly string[], disposition = 'attachment; filename="forwarded.eml"'): Buffer {
  const rows: string[] = [];
  for (let size = 0, row = 1; size < htmlBytes; row += 1) {
    const line = `<p>Row ${row} of the newsletter.</p>\n`;
    rows.push(line);
    size += line.length;
  }
  return Buffer.from(
    [
      'From: news@example.org',
      'Subject: Big carrier',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from(`<html><body>${rows.join('')}</body></html>`)),
      ...attached.flatMap((message) => ['--outer', 'Content-Type: message/rfc822', `Content-Disposition: ${disposition}`, '', message]),
      '--outer',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.alloc(1024, 7)),
      '--outer--',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

function count(text: string, word: string): number {
  return text.split(word).length - 1;
}

describe('the index text of messages attached to a message (message/rfc822)', () => {
  it('indexes the subject, sender and body of a message forwarded inside a huge one', async () => {
    const source = carrier(3 * megabyte, [forwarded('Quetzal')]);
    assert.ok(readsInChunks(textLayoutOf(source)), 'the carrier is read in chunks, past mailparser');
    const text = await bodyTextOf(source);
    assert.match(text.body.slice(0, 100), /^Row 1 of the newsletter\./);
    assert.match(text.body.slice(-200), /Plans for QuetzalSubject\n"Zoë Inner" <zoe@example.org>\nThe forwarded body says QuetzalBody — twice\.$/);
    assert.deepEqual(text.fileNames, ['forwarded.eml', 'report.pdf']);
  });

  it('indexes a forwarded message of an ordinary message once, inline or attached', async () => {
    for (const disposition of ['attachment; filename="forwarded.eml"', 'inline']) {
      const source = carrier(10_000, [forwarded('Quetzal')], disposition);
      assert.ok(!readsInChunks(textLayoutOf(source)));
      const text = await bodyTextOf(source);
      assert.equal(count(text.body, 'QuetzalBody'), 1, `${disposition}: the forwarded body once`);
      assert.equal(count(text.body, 'QuetzalSubject'), 1, `${disposition}: the forwarded subject once`);
    }
  });

  it('reads messages forwarded inside forwarded ones, to a bounded depth', async () => {
    const depth = attachedMessageLimits.maxDepth + 1;
    let message = forwarded('Level0');
    for (let level = 1; level < depth; level += 1) message = forwarded(`Level${level}`, message);
    const text = await bodyTextOf(carrier(3 * megabyte, [message]));
    for (let level = 0; level < depth; level += 1) {
      const found = text.body.includes(`Level${level}Body`);
      // The outermost is read at depth 0; the innermost lies past maxDepth.
      assert.equal(found, level >= depth - attachedMessageLimits.maxDepth, `level ${level}`);
    }
  });

  it('keeps to the index bounds however many, or however large, the attached messages are', async () => {
    const many = Array.from({ length: attachedMessageLimits.maxMessages + 20 }, (_, index) => forwarded(`Many${index}x`));
    const text = await bodyTextOf(carrier(3 * megabyte, many));
    assert.ok(text.body.includes(`Many${attachedMessageLimits.maxMessages - 1}xBody`));
    assert.ok(!text.body.includes(`Many${attachedMessageLimits.maxMessages}xBody`), 'messages past maxMessages are not read');

    const huge = forwarded('Huge').replace('twice.', `${'filler words '.repeat(500_000)}EndOfHuge`);
    const full = await bodyTextOf(carrier(3 * megabyte, [huge]));
    assert.ok(full.body.length <= indexedTextLimits.maxChars, `${full.body.length} characters`);
    assert.ok(full.body.includes('HugeBody'));
    assert.ok(!full.body.includes('EndOfHuge'), 'the index holds only the start');
  });

  it('reads a forwarded message sent in base64 or quoted-printable, inline or attached, once', async () => {
    const encodings: readonly ForwardEncoding[] = ['base64', 'quoted-printable', '8bit'];
    for (const encoding of encodings) {
      // 8bit inline: mailparser reads its header lines into the text, but not its HTML body
      // beside the carrier's text part; that body is read here.
      for (const disposition of ['attachment', 'inline'] as const) {
        const text = await bodyTextOf(forwardingMessage({ word: 'Okapi', encoding, disposition }));
        const label = `${encoding}, ${disposition}`;
        assert.equal(count(text.body, 'OkapiBody'), 1, `${label}: the forwarded body once`);
        assert.equal(count(text.body, 'OkapiSubject'), 1, `${label}: the forwarded subject once`);
        assert.ok(text.body.includes('okapi@example.org'), `${label}: the forwarded sender`);
        assert.ok(text.body.includes('café’s'), `${label}: decoded as UTF-8`);
      }
    }
  });

  it('reads an encoded forwarded message inside a huge one', async () => {
    const inner = forwardingMessage({ word: 'Dugong', encoding: 'base64' });
    const source = carrier(3 * megabyte, [encodedLines(inner)], 'attachment');
    // carrier() gives the part no encoding: put base64 on it.
    const encoded = Buffer.from(source.toString('latin1').replace('Content-Type: message/rfc822\r\n', 'Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n'), 'latin1');
    assert.ok(readsInChunks(textLayoutOf(encoded)));
    const text = await bodyTextOf(encoded);
    // The base64 part is the forwarding message, which itself forwards one in base64.
    assert.equal(count(text.body, 'See the message below.'), 1);
    assert.equal(count(text.body, 'DugongBody'), 1);
  });

  it('decodes at most maxDecodedBytes of encoded forwarded messages, all together', async () => {
    const limit = attachedMessageLimits.maxDecodedBytes;
    // A first forwarded message that fills the room to decode, then a second: not read.
    const big = Buffer.concat([
      Buffer.from('Subject: Filler\r\nContent-Type: application/octet-stream\r\n\r\n', 'latin1'),
      Buffer.alloc(limit + 1024, 0x41),
    ]);
    const second = forwardingMessage({ word: 'Narwhal', encoding: '8bit' });
    const source = Buffer.from(
      [
        'Subject: Two encoded forwards',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'Own text.',
        ...[big, second].flatMap((message) => ['--b', 'Content-Type: message/rfc822', 'Content-Transfer-Encoding: base64', '', encodedLines(message)]),
        '--b--',
        '',
      ].join('\r\n'),
      'latin1',
    );
    const text = await bodyTextOf(source);
    assert.ok(text.body.includes('Filler'), 'the first is read');
    assert.ok(!text.body.includes('NarwhalBody'), 'past the bound, the second is not decoded');
    const room = await bodyTextOf(forwardingMessage({ word: 'Narwhal', encoding: 'base64' }));
    assert.ok(room.body.includes('NarwhalBody'), 'alone, it is');
  });
});

