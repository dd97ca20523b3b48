import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LetterboxError, type ErrorCode } from '../../shared/errors.ts';
import { classifyImapError } from './classify-imap-error.ts';

const context = {
  host: 'imap.example.org',
  port: 993,
  username: 'alice',
  password: 'hunter2-secret',
};

function failure(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

// Shapes recorded from imapflow 2 and Node 24 against Dovecot 2.3.
const table: readonly {
  readonly name: string;
  readonly error: unknown;
  readonly code: ErrorCode;
  readonly says: RegExp;
}[] = [
  {
    name: 'a rejected login',
    error: failure('Command failed', {
      authenticationFailed: true,
      serverResponseCode: 'AUTHENTICATIONFAILED',
      responseText: 'Authentication failed.',
    }),
    code: 'auth-failed',
    says: /user name "alice"/,
  },
  {
    name: 'an unknown host',
    error: failure('getaddrinfo ENOTFOUND nonexistent.invalid', {
      code: 'ENOTFOUND',
    }),
    code: 'host-not-found',
    says: /could not be found/,
  },
  {
    name: 'a DNS failure that may pass',
    error: failure('getaddrinfo EAI_AGAIN imap.example.org', {
      code: 'EAI_AGAIN',
    }),
    code: 'host-not-found',
    says: /could not be found/,
  },
  {
    name: 'a closed port',
    error: failure('connect ECONNREFUSED 127.0.0.1:1', {
      code: 'ECONNREFUSED',
    }),
    code: 'connection-refused',
    says: /refused the connection on port 993/,
  },
  {
    name: 'a self-signed certificate',
    error: failure('self-signed certificate', {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    }),
    code: 'tls-untrusted',
    says: /self-signed and not trusted/,
  },
  {
    name: 'a self-signed certificate met during STARTTLS',
    error: failure('self-signed certificate', {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      tlsFailed: true,
    }),
    code: 'tls-untrusted',
    says: /self-signed/,
  },
  {
    name: 'a certificate from an unknown authority',
    error: failure('unable to verify the first certificate', {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    }),
    code: 'tls-untrusted',
    says: /not trusted/,
  },
  {
    name: 'a certificate for another name',
    error: failure("Hostname/IP does not match certificate's altnames", {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    }),
    code: 'tls-untrusted',
    says: /different server name/,
  },
  {
    name: 'an expired certificate',
    error: failure('certificate has expired', { code: 'CERT_HAS_EXPIRED' }),
    code: 'tls-untrusted',
    says: /expired/,
  },
  {
    name: 'TLS spoken to a plain port',
    error: failure('error:0A00010B:SSL routines:tls_validate_record_header:wrong version number', { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }),
    code: 'tls-failed',
    says: /security setting/,
  },
  {
    name: 'a connect timeout',
    error: failure('Failed to establish connection in required time', {
      code: 'CONNECT_TIMEOUT',
    }),
    code: 'timeout',
    says: /did not answer in time/,
  },
  {
    name: 'a missing greeting',
    error: failure('Failed to receive greeting from server in required time', {
      code: 'GREETING_TIMEOUT',
    }),
    code: 'timeout',
    says: /did not answer in time/,
  },
  {
    name: 'a silent socket',
    error: failure('Socket timeout', { code: 'ETIMEOUT' }),
    code: 'timeout',
    says: /did not answer in time/,
  },
  {
    name: 'a reset connection',
    error: failure('read ECONNRESET', { code: 'ECONNRESET' }),
    code: 'network',
    says: /was lost/,
  },
  {
    name: 'a closed imapflow connection',
    error: failure('Connection not available', { code: 'NoConnection' }),
    code: 'network',
    says: /was lost/,
  },
  {
    name: 'a socket error wrapped by imapflow',
    error: failure('Unexpected close', {
      _err: failure('read ECONNRESET', { code: 'ECONNRESET' }),
    }),
    code: 'network',
    says: /was lost/,
  },
  {
    name: 'a NO to an ordinary command',
    error: failure('Command failed', {
      responseStatus: 'NO',
      responseText: 'Mailbox does not exist',
    }),
    code: 'server-error',
    says: /Mailbox does not exist/,
  },
  {
    name: 'a folder that is gone',
    error: failure('Command failed', {
      responseStatus: 'NO',
      serverResponseCode: 'NONEXISTENT',
      mailboxMissing: true,
      path: 'Work/Old',
    }),
    code: 'not-found',
    says: /"Work\/Old" no longer exists/,
  },
  {
    name: 'something unknown',
    error: 'boom',
    code: 'server-error',
    says: /could not use/,
  },
];

describe('classifyImapError', () => {
  for (const row of table) {
    it(`classifies ${row.name} as ${row.code}`, () => {
      const classified = classifyImapError(row.error, context);
      assert.ok(classified instanceof LetterboxError);
      assert.equal(classified.code, row.code);
      assert.match(classified.message, row.says);
    });
  }

  it('never puts the password into a message, even when the server echoes it', () => {
    for (const row of table) {
      assert.doesNotMatch(classifyImapError(row.error, context).message, /hunter2-secret/);
    }
    const echoed = failure('Command failed', {
      responseStatus: 'NO',
      responseText: 'bad password hunter2-secret',
    });
    const classified = classifyImapError(echoed, context);
    assert.doesNotMatch(classified.message, /hunter2-secret/);
    assert.match(classified.message, /\*{8}/);
  });

  it('passes a LetterboxError through unchanged', () => {
    const original = new LetterboxError('not-found', 'The folder changed on the server.');
    assert.equal(classifyImapError(original, context), original);
  });
});
