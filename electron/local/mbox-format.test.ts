import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asctime, envelopeSender, looksLikeMbox, mboxEntry, parseMbox } from './mbox-format.ts';

const date = new Date(Date.UTC(2024, 0, 1, 8, 5, 9));

function message(body: string, eol = '\r\n'): Buffer {
  return Buffer.from(['From: a@example.org', 'Subject: s', '', ...body.split('\n')].join(eol) + eol, 'utf8');
}

describe('mbox', () => {
  it('writes the From_ line with an envelope sender and an asctime date', () => {
    assert.equal(asctime(date), 'Mon Jan  1 08:05:09 2024');
    assert.equal(envelopeSender('a@example.org'), 'a@example.org');
    assert.equal(envelopeSender('two words@example.org'), 'MAILER-DAEMON');
    assert.equal(envelopeSender(null), 'MAILER-DAEMON');
    assert.match(mboxEntry({ sender: 'a@example.org', date, source: message('x') }).toString(), /^From a@example\.org Mon Jan {2}1 08:05:09 2024\n/);
  });

  it('quotes every >*From line one level deeper (mboxrd) and gives back the same bytes', () => {
    const tricky = message('From here on\n>From quoted\n>>From deeper\nFromage is cheese\n From indented\n');
    const entry = mboxEntry({ sender: null, date, source: tricky });
    const text = entry.toString('utf8');
    assert.match(text, /\r\n>From here on\r\n>>From quoted\r\n>>>From deeper\r\nFromage/);
    assert.deepEqual(parseMbox(entry), [tricky]);
  });

  it('quotes exactly the lines /^>*From / matches, the first and last lines included', () => {
    // Every line of up to three pieces of ">", "From ", "x", " " and "\r", against the rule
    // applied line by line.
    const pieces = ['>', 'From ', 'x', ' ', '\r', 'From'];
    const lines = [''];
    for (let round = 0; round < 3; round += 1) for (const line of [...lines]) for (const piece of pieces) lines.push(line + piece);
    for (const last of ['\n', '']) {
      const source = Buffer.from(lines.join('\n') + last, 'latin1');
      const expected = lines.map((line) => (/^>*From /.test(line) ? `>${line}` : line)).join('\n') + '\n';
      const body = mboxEntry({ sender: null, date, source }).toString('latin1');
      assert.equal(body.slice(body.indexOf('\n') + 1), `${expected}\n`);
    }
  });

  it('round-trips several messages, CRLF and LF ones, and one without a final line break, byte for byte', () => {
    const sources = [message('one\nFrom the start'), message('two', '\n'), Buffer.from('Subject: bare\r\n\r\nno final break')];
    const mbox = Buffer.concat(sources.map((source) => mboxEntry({ sender: 'x@example.org', date, source })));
    const back = parseMbox(mbox);
    assert.equal(back.length, 3);
    assert.deepEqual(back[0], sources[0]);
    assert.deepEqual(back[1], sources[1]);
    // mbox cannot say a message had no final line break: it gets one.
    assert.deepEqual(back[2], Buffer.concat([sources[2] ?? Buffer.alloc(0), Buffer.from('\n')]));
  });

  it('reads mboxo, where only ">From " is unquoted and deeper quoting is left alone', () => {
    const mbox = Buffer.from('From x Mon Jan  1 00:00:00 2024\nSubject: a\n\n>From b\n>>From c\n\n', 'latin1');
    assert.deepEqual(parseMbox(mbox, 'mboxo'), [Buffer.from('Subject: a\n\nFrom b\n>>From c\n', 'latin1')]);
    assert.deepEqual(parseMbox(mbox, 'mboxrd'), [Buffer.from('Subject: a\n\nFrom b\n>From c\n', 'latin1')]);
  });

  it('starts a message only at a From_ line after an empty line, in LF and CRLF files', () => {
    const lf = Buffer.from('From a Mon Jan  1 00:00:00 2024\nSubject: 1\n\nbody\nFrom the middle\n\nFrom b Mon Jan  1 00:00:00 2024\nSubject: 2\n\nx\n', 'latin1');
    const messages = parseMbox(lf);
    assert.equal(messages.length, 2);
    assert.equal(messages[0]?.toString(), 'Subject: 1\n\nbody\nFrom the middle\n');
    const crlf = Buffer.from(lf.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    assert.equal(parseMbox(crlf)[1]?.toString(), 'Subject: 2\r\n\r\nx\r\n');
    assert.ok(looksLikeMbox(lf));
    assert.ok(!looksLikeMbox(message('x')));
    assert.deepEqual(parseMbox(Buffer.alloc(0)), []);
  });

  it('keeps 8-bit and binary-looking bytes as they are', () => {
    const source = Buffer.concat([Buffer.from('Subject: b\r\n\r\n'), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0d, 0x0a])]);
    assert.deepEqual(parseMbox(mboxEntry({ sender: null, date, source })), [source]);
  });
});
