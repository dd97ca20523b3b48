import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MboxFormat } from './mbox-format.ts';
import { createMboxSplitter } from './mbox-splitter.ts';

// RFC 4155's rule read line by line, the plain way: the oracle the chunked splitter must match.
function referenceSplit(bytes: Buffer, format: MboxFormat): Buffer[] {
  const text = bytes.toString('latin1');
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const unquote = format === 'mboxrd' ? /^>+From / : /^>From /;
  const isEmpty = (line: string | undefined): boolean => line === undefined || line === '\n' || line === '\r\n';
  const messages: string[][] = [];
  let current: string[] | null = null;
  let previous: string | undefined;
  for (const line of lines) {
    if (line.startsWith('From ') && (current === null || isEmpty(previous))) {
      if (current !== null) current.pop();
      current = [];
      messages.push(current);
    } else if (current !== null) {
      current.push(unquote.test(line) ? line.slice(1) : line);
    }
    previous = line;
  }
  const last = messages[messages.length - 1];
  if (last !== undefined && last.length > 0 && isEmpty(last[last.length - 1])) last.pop();
  return messages.map((parts) => Buffer.from(parts.join(''), 'latin1')).filter((message) => message.length > 0);
}

function split(bytes: Buffer, cuts: readonly number[], format: MboxFormat): Buffer[] {
  const splitter = createMboxSplitter(format);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...splitter.push(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...splitter.end());
  return out;
}

// A small deterministic generator, so a failure names a seed that reproduces it.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pieces = ['From ', 'From x Mon Jan  1 00:00:00 2024', '>', '>>', 'Subject: s', 'body', '', ' ', '\r', 'From', '>From '];

function randomMbox(next: () => number): Buffer {
  const lines: string[] = [];
  const count = 1 + Math.floor(next() * 40);
  for (let line = 0; line < count; line += 1) {
    let text = '';
    for (let piece = Math.floor(next() * 3); piece > 0; piece -= 1) text += pieces[Math.floor(next() * pieces.length)] ?? '';
    lines.push(text + (next() < 0.3 ? '\r' : ''));
  }
  return Buffer.from(lines.join('\n') + (next() < 0.5 ? '\n' : ''), 'latin1');
}

describe('mbox splitter', () => {
  it('gives the messages the line-by-line rule gives, however the bytes are cut into chunks', () => {
    let cases = 0;
    for (let seed = 1; seed <= 400; seed += 1) {
      const next = random(seed);
      const mbox = randomMbox(next);
      for (const format of ['mboxrd', 'mboxo'] as const) {
        const expected = referenceSplit(mbox, format);
        const cuts = [...new Set(Array.from({ length: Math.floor(next() * 8) }, () => Math.floor(next() * mbox.length)))].sort((a, b) => a - b);
        assert.deepEqual(split(mbox, cuts, format), expected, `seed ${seed}, ${format}, cut at ${cuts.join(',')}`);
        assert.deepEqual(split(mbox, [], format), expected, `seed ${seed}, ${format}, whole`);
        cases += 2;
      }
    }
    // Every byte boundary of one mbox that has each case: CRLF and LF empty lines, quoting, a From_ in a body.
    const mbox = Buffer.from(
      'From a Mon Jan  1 00:00:00 2024\r\nSubject: 1\r\n\r\n>From q\r\nFrom body\r\n\r\nFrom b Mon Jan  1 00:00:00 2024\nSubject: 2\n\n>>From x\n\n\nFrom c\nlast',
      'latin1',
    );
    const expected = referenceSplit(mbox, 'mboxrd');
    assert.equal(expected.length, 3);
    for (let cut = 0; cut <= mbox.length; cut += 1) {
      for (let second = cut; second <= mbox.length; second += 7) {
        assert.deepEqual(split(mbox, [cut, second], 'mboxrd'), expected, `cut at ${cut} and ${second}`);
        cases += 1;
      }
    }
    console.log(`mbox splitter: ${cases} chunkings matched the line-by-line rule`);
  });

  it('holds no message larger than its limit, and says so', () => {
    const splitter = createMboxSplitter('mboxrd', 1000);
    assert.deepEqual(splitter.push(Buffer.from('From a Mon Jan  1 00:00:00 2024\nSubject: small\n\nok\n\n')), []);
    assert.throws(() => {
      for (let line = 0; line < 100; line += 1) splitter.push(Buffer.from(`${'x'.repeat(40)}\n`));
    }, /a message is larger than/);
    // One line with no end is held as it arrives, and bounded too.
    const unended = createMboxSplitter('mboxrd', 1000);
    assert.throws(() => unended.push(Buffer.alloc(2000, 0x78)), /a line is larger than/);
  });
});
