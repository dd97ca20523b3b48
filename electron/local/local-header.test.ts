import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxLocalHeaderBytes, parseLocalHeader, parseLocalMessage } from './local-header.ts';

const receivedAt = Date.UTC(2024, 0, 2);

function mixed(parts: readonly string[]): Buffer {
  return Buffer.from(
    [
      'From: =?utf-8?q?Zo=C3=AB?= <zoe@example.org>',
      'To: Alice <alice@example.org>, Team: bob@example.org, carol@example.org;',
      'Subject: =?utf-8?q?Caf=C3=A9_plans?=',
      'Date: Mon, 1 Jan 2024 09:00:00 +0000',
      'Message-ID: <plans@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Meet at the café.',
      ...parts.flatMap((part) => ['--b', part]),
      '--b--',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

describe('what Local Folders keep of a raw message', () => {
  it('reads the envelope from the header, the text as the index does, and the paperclip', async () => {
    const source = mixed(['Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="plan.pdf"\r\n\r\nJVBERi0=']);
    const parsed = await parseLocalMessage(source, source.length, receivedAt);
    assert.equal(parsed.header.subject, 'Café plans');
    assert.deepEqual(parsed.header.from, { name: 'Zoë', address: 'zoe@example.org' });
    assert.deepEqual(
      parsed.header.to.map((address) => address.address),
      ['alice@example.org', 'bob@example.org', 'carol@example.org'],
    );
    assert.equal(parsed.header.messageId, '<plans@example.org>');
    assert.equal(parsed.header.date, Date.UTC(2024, 0, 1, 9));
    assert.equal(parsed.header.internalDate, receivedAt);
    assert.equal(parsed.header.size, source.length);
    assert.equal(parsed.header.hasAttachments, true);
    assert.deepEqual(parsed.bodyText, { body: 'Meet at the café.', fileNames: ['plan.pdf'] });
  });

  it('shows the paperclip by the rule IMAP accounts use: a disposition of attachment, or a file name', async () => {
    const cases: readonly (readonly [string, boolean])[] = [
      ['Content-Type: image/png\r\nContent-ID: <logo>\r\n\r\niVBORw0=', false],
      ['Content-Type: image/png; name="logo.png"\r\n\r\niVBORw0=', true],
      ['Content-Type: application/pdf\r\nContent-Disposition: inline; filename*0*=utf-8\'\'pl%C3%A1n; filename*1=.pdf\r\n\r\nJVBERi0=', true],
      ['Content-Type: application/octet-stream\r\nContent-Disposition: attachment\r\n\r\nAAAA', true],
    ];
    for (const [part, expected] of cases) {
      const source = mixed([part]);
      assert.equal((await parseLocalMessage(source, source.length, receivedAt)).header.hasAttachments, expected, part.split('\r\n')[0]);
    }
  });

  it('reads at most the first part of a hostile header, and keeps what it cannot read with an empty envelope', async () => {
    const long = Buffer.from(`Subject: Long one\r\nX-Padding: ${'x'.repeat(2 * maxLocalHeaderBytes)}\r\n\r\nBody\r\n`);
    assert.equal((await parseLocalHeader(long, long.length, receivedAt)).subject, 'Long one');
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a, 0x0d, 0x0a, 0x80]);
    const parsed = await parseLocalMessage(garbage, garbage.length, receivedAt);
    assert.equal(parsed.header.subject, '');
    assert.equal(parsed.header.from, null);
    assert.equal(parsed.header.date, receivedAt);
  });
});
