import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySmtpError } from './classify-smtp-error.ts';

const context = { host: 'smtp.example.org', port: 587, username: 'alice', password: 'hunter2-secret' };

function smtpError(fields: Record<string, unknown>, message = 'failed'): Error {
  return Object.assign(new Error(message), fields);
}

describe('classifySmtpError', () => {
  it('says a refused login is the password, keeps the message, and never repeats the password', () => {
    const error = classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 bad hunter2-secret' }), context);
    assert.equal(error.code, 'auth-failed');
    assert.equal(error.transient, false);
    assert.match(error.message, /refused the login of "alice"/);
    assert.match(error.message, /kept in the outbox/);
    assert.doesNotMatch(error.message, /hunter2-secret/);
  });

  it('names a missing STARTTLS as the reason nothing was sent', () => {
    const error = classifySmtpError(smtpError({ code: 'ETLS', command: 'STARTTLS' }, 'Error upgrading connection with STARTTLS: 502 5.5.1'), context);
    assert.equal(error.code, 'tls-failed');
    assert.equal(error.transient, false);
    assert.match(error.message, /did not secure the connection with STARTTLS/);
  });

  it('treats an untrusted certificate as a TLS failure, not as offline', () => {
    const error = classifySmtpError(smtpError({ code: 'ESOCKET' }, 'self-signed certificate; if the root CA is installed locally'), context);
    assert.equal(error.code, 'tls-untrusted');
    assert.equal(error.transient, false);
  });

  it('names a failed TLS handshake (a server of TLS 1.0 only) as such, not as a lost connection to retry', () => {
    const error = classifySmtpError(
      smtpError({ code: 'ESOCKET' }, '400DE750AD7F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 70'),
      context,
    );
    assert.equal(error.code, 'tls-failed');
    assert.equal(error.transient, false);
    assert.match(error.message, /could not be set up, so nothing was sent/);
    const cut = classifySmtpError(smtpError({ code: 'ESOCKET' }, 'Client network socket disconnected before secure TLS connection was established'), context);
    assert.equal(cut.code, 'tls-failed');
  });

  it('names a reply over nodemailer\'s 1 MB cap as such, not as a refusal of the message', () => {
    const error = classifySmtpError(smtpError({ code: 'EPROTOCOL', command: 'CONN' }, 'Server response exceeds maximum allowed size'), context);
    assert.equal(error.code, 'server-error');
    assert.equal(error.transient, false);
    assert.match(error.message, /larger than Letterbox accepts \(1 MB\)/);
  });

  it('lists every refused recipient when the server took none', () => {
    const error = classifySmtpError(
      smtpError({
        code: 'EENVELOPE',
        responseCode: 550,
        rejected: ['nobody@example.org'],
        rejectedErrors: [{ response: '550 5.1.1 User unknown' }],
      }),
      context,
    );
    assert.equal(error.code, 'server-error');
    assert.equal(error.transient, false);
    assert.match(error.message, /nobody@example\.org \(550 5\.1\.1 User unknown\)/);
  });

  it('keeps a 4xx reply and a lost connection for a later attempt', () => {
    assert.equal(classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 try later' }), context).transient, true);
    const refused = classifySmtpError(smtpError({ code: 'ESOCKET' }, 'connect ECONNREFUSED 127.0.0.1:587'), context);
    assert.equal(refused.code, 'connection-refused');
    assert.equal(refused.transient, true);
    assert.equal(classifySmtpError(smtpError({ code: 'ETIMEDOUT' }, 'Connection timeout'), context).code, 'timeout');
    assert.equal(classifySmtpError(smtpError({ code: 'EDNS' }, 'getaddrinfo ENOTFOUND smtp.example.org'), context).code, 'host-not-found');
  });
});
