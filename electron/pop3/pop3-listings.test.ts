import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bodyLines, parseList, parseStat, parseUidl } from './pop3-listings.ts';
import { Pop3ProtocolError } from './pop3-status-line.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('parsing STAT, LIST and UIDL', () => {
  it('reads STAT, ignoring what a server adds after the two numbers', () => {
    assert.deepEqual(parseStat('2 320'), { messageCount: 2, sizeOctets: 320 });
    assert.deepEqual(parseStat('2 320 octets'), {
      messageCount: 2,
      sizeOctets: 320,
    });
    assert.throws(() => parseStat('two messages'), Pop3ProtocolError);
    assert.throws(() => parseStat(''), Pop3ProtocolError);
  });

  it('reads LIST into message number and size, in the server order', () => {
    assert.deepEqual(
      [...parseList(bytes('1 120\r\n3 200 extra\r\n'))],
      [
        [1, 120],
        [3, 200],
      ],
    );
    assert.equal(parseList(bytes('')).size, 0);
    assert.throws(() => parseList(bytes('1\r\n')), Pop3ProtocolError);
  });

  it('reads UIDL into message number and unique-id', () => {
    assert.deepEqual(
      [...parseUidl(bytes('1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n'))],
      [
        [1, 'whqtswO00WBw418f9t5JxYwZ'],
        [2, 'QhdPYR:00WBw1Ph7x7'],
      ],
    );
  });

  it('rejects a unique-id that RFC 1939 does not allow rather than store a wrong one', () => {
    assert.throws(() => parseUidl(bytes('1\r\n')), Pop3ProtocolError);
    assert.throws(() => parseUidl(bytes(`1 ${'x'.repeat(71)}\r\n`)), Pop3ProtocolError);
    assert.throws(() => parseUidl(bytes('1 caf\xe9\r\n')), Pop3ProtocolError);
    assert.throws(() => parseUidl(bytes('x abc\r\n')), Pop3ProtocolError);
  });

  it('splits a body into lines on CRLF or a bare LF', () => {
    assert.deepEqual(bodyLines(bytes('a\r\nb\nc\r\n')), ['a', 'b', 'c']);
    assert.deepEqual(bodyLines(bytes('')), []);
  });
});
