import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Pop3MultilineDecoder } from './pop3-multiline-decoder.ts';
import { Pop3ProtocolError } from './pop3-status-line.ts';

const LIMIT = 1024 * 1024;

// Feeds `chunks` until the decoder reports the end; returns the body and the unused rest.
function decode(chunks: readonly Buffer[], limit = LIMIT): { body: Buffer; rest: Buffer } {
  const decoder = new Pop3MultilineDecoder(limit);
  const rest: Buffer[] = [];
  let done = false;
  for (const chunk of chunks) {
    if (done) {
      rest.push(chunk);
      continue;
    }
    const progress = decoder.write(chunk);
    done = progress.done;
    if (done) rest.push(chunk.subarray(progress.consumed));
  }
  assert.ok(done, 'the terminator was seen');
  return { body: decoder.result(), rest: Buffer.concat(rest) };
}

// Every way to cut `wire` in two, plus one byte at a time.
function splits(wire: Buffer): readonly (readonly Buffer[])[] {
  const cuts: Buffer[][] = [];
  for (let at = 0; at <= wire.length; at += 1) cuts.push([wire.subarray(0, at), wire.subarray(at)]);
  cuts.push(Array.from(wire, (byte) => Buffer.from([byte])));
  return cuts;
}

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('the multi-line response decoder', () => {
  it('removes one dot from stuffed lines and stops at a line that is only a dot', () => {
    const { body, rest } = decode([bytes('Subject: x\r\n\r\n..\r\n...two\r\n.x\r\nend\r\n.\r\n')]);
    assert.equal(body.toString('latin1'), 'Subject: x\r\n\r\n.\r\n..two\r\nx\r\nend\r\n');
    assert.equal(rest.length, 0);
  });

  it('gives the same bytes however the stream is cut, including between the dot and CRLF', () => {
    const wire = bytes('.lead\r\nmid\rline\r\n..\r\n.\r\r\n\r\n.\r\n+OK next\r\n');
    const expected = 'lead\r\nmid\rline\r\n.\r\n\r\r\n\r\n';
    for (const chunks of splits(wire)) {
      const { body, rest } = decode(chunks);
      assert.equal(body.toString('latin1'), expected, `cut into ${chunks.map((c) => c.length).join('+')}`);
      assert.equal(rest.toString('latin1'), '+OK next\r\n');
    }
  });

  it('keeps every byte value, since a message is bytes and not necessarily UTF-8', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((i) => i !== 0x0a && i !== 0x0d && i !== 0x2e));
    const wire = Buffer.concat([all, bytes('\r\n'), bytes('..'), all, bytes('\r\n.\r\n')]);
    const { body } = decode([wire]);
    assert.deepEqual(body, Buffer.concat([all, bytes('\r\n.'), all, bytes('\r\n')]));
  });

  it('keeps a lone CR and a bare LF inside the body exactly as sent', () => {
    const { body } = decode([bytes('a\rb\nc\r\n\n.\r\n')]);
    assert.equal(body.toString('latin1'), 'a\rb\nc\r\n\n');
  });

  it('treats ".\\r" followed by anything but LF as content without the leading dot', () => {
    const { body } = decode([bytes('.\rx\r\n.\r\n')]);
    assert.equal(body.toString('latin1'), '\rx\r\n');
  });

  it('accepts a dot followed by a bare LF as the end', () => {
    const { body, rest } = decode([bytes('line\n.\nafter')]);
    assert.equal(body.toString('latin1'), 'line\n');
    assert.equal(rest.toString('latin1'), 'after');
  });

  it('ends an empty body at once', () => {
    const { body } = decode([bytes('.\r\n')]);
    assert.equal(body.length, 0);
  });

  it('does not end on a dot in the middle of a line or on "\\r\\n." without CRLF after it', () => {
    const decoder = new Pop3MultilineDecoder(LIMIT);
    assert.equal(decoder.write(bytes('a.\r\nb\r\n.more')).done, false);
    assert.equal(decoder.write(bytes('\r\n')).done, false);
    assert.equal(decoder.write(bytes('.\r\n')).done, true);
    assert.equal(decoder.result().toString('latin1'), 'a.\r\nb\r\nmore\r\n');
  });

  it('refuses a body larger than its limit instead of growing without bound', () => {
    const decoder = new Pop3MultilineDecoder(16);
    assert.throws(() => {
      for (let i = 0; i < 10; i += 1) decoder.write(bytes('0123456789\r\n'));
    }, Pop3ProtocolError);
  });

  it('will not hand out a body before the terminator has arrived', () => {
    const decoder = new Pop3MultilineDecoder(LIMIT);
    decoder.write(bytes('partial\r\n'));
    assert.throws(() => decoder.result(), /not ended/);
  });
});
