import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialAccountForm } from './account-form-model.ts';
import { toOAuthAccountArgs } from './oauth-form-model.ts';

describe('the add-account form for a sign-in with a provider', () => {
  it('needs no password and sends none', () => {
    const result = toOAuthAccountArgs({ ...initialAccountForm, email: 'ann@gmail.com', incomingHost: 'imap.gmail.com', outgoingHost: 'smtp.gmail.com' });
    assert.deepEqual(result, {
      ok: true,
      args: {
        kind: 'imap',
        email: 'ann@gmail.com',
        incoming: { host: 'imap.gmail.com', port: 993, security: 'tls', username: 'ann@gmail.com' },
        outgoing: { host: 'smtp.gmail.com', port: 465, security: 'tls', username: 'ann@gmail.com' },
      },
    });
  });

  it('still checks the rest of the form', () => {
    assert.deepEqual(toOAuthAccountArgs({ ...initialAccountForm, email: 'ann@gmail.com' }), { ok: false, message: 'Enter the incoming server, for example imap.example.org.' });
  });
});
