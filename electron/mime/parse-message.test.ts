import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getAttachmentData, parseMessage } from './parse-message.ts';

function crlf(lines: readonly string[]): Buffer {
  return Buffer.from(lines.join('\r\n'));
}

const multipart = crlf([
  'From: Bob <bob@example.org>',
  'To: alice@example.org',
  'Cc: Carol <carol@example.org>, Team: dave@example.org, erin@example.org;',
  'Reply-To: list@example.org',
  'Subject: Report',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/related; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>See <img src="cid:logo@example.org"></p>',
  '--inner',
  'Content-Type: image/png',
  'Content-ID: <logo@example.org>',
  'Content-Disposition: inline; filename="logo.png"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('PNGDATA').toString('base64'),
  '--inner--',
  '--outer',
  'Content-Type: application/pdf; name="report.pdf"',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4 fake').toString('base64'),
  '--outer--',
  '',
]);

describe('parseMessage', () => {
  it('reads text, cc with group members, reply-to and attachments in part order', async () => {
    const parsed = await parseMessage(multipart);
    assert.match(parsed.html ?? '', /cid:logo@example\.org/);
    assert.deepEqual(
      parsed.cc.map((address) => address.address),
      ['carol@example.org', 'dave@example.org', 'erin@example.org'],
    );
    assert.deepEqual(parsed.replyTo, [{ name: '', address: 'list@example.org' }]);
    assert.deepEqual(parsed.attachments, [
      { id: 'part-1', fileName: 'logo.png', contentType: 'image/png', size: 7, inline: true, contentId: 'logo@example.org' },
      { id: 'part-2', fileName: 'report.pdf', contentType: 'application/pdf', size: 13, inline: false, contentId: null },
    ]);
  });

  it('gives the same attachment ids every time the same source is parsed', async () => {
    const first = await parseMessage(multipart);
    const second = await parseMessage(multipart);
    assert.deepEqual(first.attachments.map((a) => a.id), second.attachments.map((a) => a.id));
  });

  it('returns one attachment’s bytes by its id, and null for an unknown id', async () => {
    const data = await getAttachmentData(multipart, 'part-2');
    assert.equal(data?.fileName, 'report.pdf');
    assert.equal(data.content.toString(), '%PDF-1.4 fake');
    assert.equal(await getAttachmentData(multipart, 'part-3'), null);
    assert.equal(await getAttachmentData(multipart, '../../etc/passwd'), null);
  });

  it('reads a plain text message without a MIME header', async () => {
    const parsed = await parseMessage(crlf(['Subject: hi', '', 'Just text.', '']));
    assert.equal(parsed.text?.trim(), 'Just text.');
    assert.equal(parsed.html, null);
    assert.deepEqual(parsed.attachments, []);
  });
});

describe('parseMessage with hostile input', () => {
  const hostile: Record<string, Buffer> = {
    'an empty source': Buffer.alloc(0),
    'binary noise': Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 37) % 256)),
    'a multipart without its closing boundary': crlf([
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'kept text',
      '--b',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!not base64!!!',
    ]),
    'a multipart with no boundary parameter': crlf(['Content-Type: multipart/mixed', '', 'body']),
    'an unknown charset and a broken encoded word': crlf([
      'Subject: =?x-unknown?B?////?=',
      'Cc: =?utf-8?Q?broken',
      'Content-Type: text/plain; charset=x-does-not-exist',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '=ZZ=4',
    ]),
    'a header line of a megabyte': crlf([`Subject: ${'a'.repeat(1_000_000)}`, '', 'x']),
    'parts nested five hundred deep': crlf([
      ...Array.from({ length: 500 }, (_, depth) => [`Content-Type: multipart/mixed; boundary="b${depth}"`, '', `--b${depth}`]).flat(),
      'Content-Type: text/plain',
      '',
      'deep',
    ]),
  };

  for (const [name, source] of Object.entries(hostile)) {
    it(`yields a result rather than throwing for ${name}`, async () => {
      const parsed = await parseMessage(source);
      assert.ok(Array.isArray(parsed.attachments));
      assert.ok(parsed.text === null || typeof parsed.text === 'string');
    });
  }

  it('keeps the readable text of a multipart that was cut off', async () => {
    const parsed = await parseMessage(hostile['a multipart without its closing boundary']!);
    assert.match(parsed.text ?? '', /kept text/);
  });
});
