import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodedChunks } from './decoded-chunks.ts';
import { splitEntity } from './mime-entities.ts';
import { parseMessage } from './parse-message.ts';

function part(headers: string, body: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(`From: a@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n${headers}\r\n\r\n`, 'latin1'),
    Buffer.from(body),
  ]);
}

const base64Lines = (bytes: Buffer) => (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

const text = Array.from({ length: 200 }, (_, line) => `Zeile ${line}: Grüße, café, 日本語 — “quoted” €`).join('\r\n');

// RFC 2045 6.7: escapes for all but printable ASCII, lines of at most 76 with soft breaks
// (never inside an escape); CRLF kept as hard line breaks.
function quotedPrintable(bytes: Buffer): string {
  const tokens = Array.from(bytes, (byte) =>
    byte >= 0x20 && byte <= 0x7e && byte !== 0x3d
      ? String.fromCharCode(byte)
      : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`,
  );
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (token === '=0D') continue;
    if (token === '=0A') {
      lines.push(line);
      line = '';
      continue;
    }
    if (line.length + token.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += token;
  }
  return [...lines, line].join('\r\n');
}

// What mailparser makes of the same part, read whole: the reference.
async function mailparserText(source: Buffer): Promise<string> {
  const parsed = await parseMessage(source);
  return parsed.text ?? '';
}

function chunked(source: Buffer, chunkBytes: number): string {
  return [...decodedChunks(splitEntity(source), chunkBytes)].join('');
}

describe('decodedChunks', () => {
  const cases: readonly (readonly [string, Buffer])[] = [
    [
      'base64 UTF-8 (multi-byte characters split across lines)',
      part(
        'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64',
        base64Lines(Buffer.from(text, 'utf8')),
      ),
    ],
    [
      'quoted-printable with soft line breaks',
      part(
        'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable',
        quotedPrintable(Buffer.from(text, 'utf8')),
      ),
    ],
    [
      'ISO-8859-1, 8bit',
      part(
        'Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit',
        Buffer.from('Grüße aus Köln\r\nà bientôt\r\n', 'latin1'),
      ),
    ],
    ['no charset, 7bit', part('Content-Type: text/plain', 'plain words\r\non two lines\r\n')],
  ];

  for (const [name, source] of cases) {
    it(`decodes ${name} as mailparser does, in chunks of any size`, async () => {
      const expected = await mailparserText(source);
      assert.ok(expected.length > 10, 'the reference read something');
      for (const chunkBytes of [1, 5, 77, 1000, source.length]) {
        assert.equal(chunked(source, chunkBytes).trimEnd(), expected.trimEnd(), `chunks of ${chunkBytes} bytes`);
      }
    });
  }

  it('reads an unknown charset as UTF-8 rather than failing', () => {
    assert.equal(chunked(part('Content-Type: text/plain; charset=x-no-such-charset', 'caf\u00e9'), 2), 'café');
  });

  it('stops when the caller stops: only the chunks taken are decoded', () => {
    const source = part('Content-Type: text/plain', 'line\r\n'.repeat(100_000));
    const chunks = decodedChunks(splitEntity(source), 1000);
    const first = chunks.next();
    assert.equal(first.done, false);
    assert.ok(first.value.length <= 1000 && first.value.startsWith('line\nline\n'));
  });
});
