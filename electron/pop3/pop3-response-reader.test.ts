import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Pop3ResponseReader, type Pop3Response } from './pop3-response-reader.ts';
import { Pop3ProtocolError } from './pop3-status-line.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

// Pushes the chunks and reads responses whose bodies are expected as `expectations` says.
function readAll(chunks: readonly Buffer[], expectations: readonly boolean[], reader = new Pop3ResponseReader()): Pop3Response[] {
  const responses: Pop3Response[] = [];
  for (const chunk of chunks) {
    reader.push(chunk);
    for (;;) {
      const expectsBody = expectations[responses.length];
      if (expectsBody === undefined) break;
      const response = reader.read(expectsBody);
      if (response === null) break;
      responses.push(response);
    }
  }
  return responses;
}

const PIPELINED = bytes('+OK 2 320\r\n+OK\r\n1 200\r\n2 120\r\n.\r\n-ERR [SYS/TEMP] busy\r\n+OK\r\n..x\r\n.\r\n+OK bye\r\n');
const EXPECTS = [false, true, true, true, false];

function summary(responses: readonly Pop3Response[]): readonly string[] {
  return responses.map((r) => `${r.status}|${r.code ?? ''}|${r.text}|${r.body === null ? 'null' : r.body.toString('latin1')}`);
}

describe('reading POP3 responses from a byte stream', () => {
  it('separates pipelined responses that arrive in one chunk', () => {
    assert.deepEqual(summary(readAll([PIPELINED], EXPECTS)), [
      'ok||2 320|null',
      'ok|||1 200\r\n2 120\r\n',
      // -ERR never has a body, even for a command with a multi-line form.
      'err|SYS/TEMP|busy|null',
      'ok|||.x\r\n',
      'ok||bye|null',
    ]);
  });

  it('reads the same responses when the stream is cut at every byte boundary', () => {
    const whole = summary(readAll([PIPELINED], EXPECTS));
    for (let at = 0; at <= PIPELINED.length; at += 1) {
      const cut = summary(readAll([PIPELINED.subarray(0, at), PIPELINED.subarray(at)], EXPECTS));
      assert.deepEqual(cut, whole, `cut at ${at}`);
    }
    const byteByByte = summary(
      readAll(
        Array.from(PIPELINED, (b) => Buffer.from([b])),
        EXPECTS,
      ),
    );
    assert.deepEqual(byteByByte, whole);
  });

  it('accepts a status line ended by a bare LF and keeps a lone CR in its text', () => {
    const [first, second] = readAll([bytes('+OK fine\n-ERR a\rb\r\n')], [false, false]);
    assert.equal(first?.text, 'fine');
    assert.equal(second?.text, 'a\rb');
  });

  it('bounds a status line that never ends', () => {
    const reader = new Pop3ResponseReader({
      maxStatusLineBytes: 64,
      maxBodyBytes: 1024,
    });
    reader.push(bytes(`+OK ${'x'.repeat(40)}`));
    assert.equal(reader.read(false), null);
    reader.push(bytes('y'.repeat(40)));
    assert.throws(() => reader.read(false), Pop3ProtocolError);
  });

  it('bounds an over-long status line even when its line end arrived in the same chunk', () => {
    const reader = new Pop3ResponseReader({
      maxStatusLineBytes: 64,
      maxBodyBytes: 1024,
    });
    reader.push(bytes(`+OK ${'x'.repeat(100)}\r\n`));
    assert.throws(() => reader.read(false), /exceeded 64 bytes/);
  });

  it('bounds a body that would exceed its limit', () => {
    const reader = new Pop3ResponseReader({
      maxStatusLineBytes: 64,
      maxBodyBytes: 100,
    });
    reader.push(bytes(`+OK\r\n${'line of text\r\n'.repeat(20)}.\r\n`));
    assert.throws(() => reader.read(true), Pop3ProtocolError);
  });

  it('rejects a line that is not a POP3 status line', () => {
    for (const line of ['OK ready', '* OK IMAP4rev1', '+OKAY', '-ERROR', '', 'HTTP/1.1 400 Bad Request']) {
      const reader = new Pop3ResponseReader();
      reader.push(bytes(`${line}\r\n`));
      assert.throws(() => reader.read(false), Pop3ProtocolError, JSON.stringify(line));
    }
  });

  it('keeps bytes after the last complete response for the next one', () => {
    const reader = new Pop3ResponseReader();
    reader.push(bytes('+OK\r\n+OK more'));
    assert.notEqual(reader.read(false), null);
    assert.equal(reader.read(false), null);
    assert.equal(reader.bufferedBytes, 8);
  });
});
