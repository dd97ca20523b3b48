import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyPop3SocketError, pop3ResponseError, type Pop3ErrorContext } from './classify-pop3-error.ts';
import { parseStatusLine } from './pop3-status-line.ts';

const context: Pop3ErrorContext = {
  host: 'pop.example.org',
  port: 995,
  username: 'alice',
  password: 'hunter2-secret',
};

function classify(line: string, phase: 'greeting' | 'login' | 'command' = 'command', extra: Partial<Pop3ErrorContext> = {}) {
  return pop3ResponseError(parseStatusLine(line), 'RETR', phase, {
    ...context,
    ...extra,
  });
}

describe('turning POP3 -ERR answers into errors a user can act on', () => {
  it('says the mailbox is busy for [IN-USE]', () => {
    const error = classify('-ERR [IN-USE] Do you have another POP session running?', 'login');
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /in use by another program/);
  });

  it('says how long to wait for [LOGIN-DELAY] when CAPA announced it', () => {
    const error = classify('-ERR [LOGIN-DELAY] wait', 'login', {
      loginDelaySeconds: 900,
    });
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /only once every 15 minutes/);
    assert.match(classify('-ERR [LOGIN-DELAY] wait', 'login').message, /only every few minutes/);
  });

  it('tells temporary from lasting server problems', () => {
    const temporary = classify('-ERR [SYS/TEMP] disk full');
    assert.equal(temporary.code, 'server-error');
    assert.match(temporary.message, /temporary problem .*disk full.*Try again later/);
    const lasting = classify('-ERR [SYS/PERM] account disabled', 'login');
    assert.equal(lasting.code, 'server-error');
    assert.match(lasting.message, /lasting problem .*Contact your mail provider/);
  });

  it('reports bad credentials for [AUTH] and for a plain -ERR during login', () => {
    assert.equal(classify('-ERR [AUTH] Authentication failed.', 'login').code, 'auth-failed');
    assert.equal(classify('-ERR invalid password', 'login').code, 'auth-failed');
  });

  it('names the refused command for other -ERR answers, with the server text made safe', () => {
    const error = classify('-ERR no such\x07 message\x1b[31m');
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /refused the RETR command \(it said: "no such message \[31m"\)/);
  });

  it('never repeats the password, even when the server echoes it', () => {
    const error = classify('-ERR [SYS/TEMP] bad pass hunter2-secret', 'login');
    assert.doesNotMatch(error.message, /hunter2-secret/);
  });

  it('classifies socket failures the same way as the IMAP layer', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    assert.equal(classifyPop3SocketError(refused, context).code, 'connection-refused');
    const selfSigned = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    assert.equal(classifyPop3SocketError(selfSigned, context).code, 'tls-untrusted');
    const unknownHost = Object.assign(new Error('getaddrinfo ENOTFOUND'), {
      code: 'ENOTFOUND',
    });
    assert.equal(classifyPop3SocketError(unknownHost, context).code, 'host-not-found');
  });
});
