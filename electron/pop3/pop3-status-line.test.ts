import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatusLine, Pop3ProtocolError } from './pop3-status-line.ts';

describe('parsing a POP3 status line', () => {
  it('reads +OK and -ERR with their text', () => {
    assert.deepEqual(parseStatusLine('+OK 2 messages'), {
      status: 'ok',
      code: null,
      text: '2 messages',
    });
    assert.deepEqual(parseStatusLine('+OK'), {
      status: 'ok',
      code: null,
      text: '',
    });
    assert.deepEqual(parseStatusLine('-ERR no such message'), {
      status: 'err',
      code: null,
      text: 'no such message',
    });
  });

  it('reads the extended response codes of RFC 2449 and RFC 3206', () => {
    assert.deepEqual(parseStatusLine('-ERR [IN-USE] Do you have another POP session running?'), {
      status: 'err',
      code: 'IN-USE',
      text: 'Do you have another POP session running?',
    });
    assert.equal(parseStatusLine('-ERR [login-delay] wait').code, 'LOGIN-DELAY');
    assert.equal(parseStatusLine('-ERR [SYS/TEMP] try later').code, 'SYS/TEMP');
    assert.equal(parseStatusLine('-ERR [SYS/PERM]').code, 'SYS/PERM');
    assert.equal(parseStatusLine('-ERR [AUTH] Authentication failed.').code, 'AUTH');
  });

  it('leaves brackets that are not a well-formed code in the text', () => {
    for (const line of ['-ERR [not a code] x', '-ERR [] x', '-ERR [A//B] x', '-ERR [SYS/TEMP']) {
      const parsed = parseStatusLine(line);
      assert.equal(parsed.code, null, line);
      assert.equal(parsed.text, line.slice(5));
    }
  });

  it('reads a SASL continuation', () => {
    assert.deepEqual(parseStatusLine('+ '), {
      status: 'continue',
      code: null,
      text: '',
    });
    assert.deepEqual(parseStatusLine('+ dGVzdA=='), {
      status: 'continue',
      code: null,
      text: 'dGVzdA==',
    });
  });

  it('rejects lines that only look like status lines', () => {
    for (const line of ['+OKAY', '-ERRORS', '+ok fine', 'OK', ' +OK', '+-ERR', '']) {
      assert.throws(() => parseStatusLine(line), Pop3ProtocolError, JSON.stringify(line));
    }
  });
});
