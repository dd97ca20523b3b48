import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialAccountForm, updateAccountForm } from './account-form-model.ts';
import { applyDiscovered, domainOf } from './discovered-form.ts';

describe('applyDiscovered', () => {
  const typed = updateAccountForm(initialAccountForm, 'email', 'zoe@example.org');

  it('fills the incoming and outgoing servers and keeps the username following the address', () => {
    const filled = applyDiscovered(
      typed,
      { protocol: 'imap', host: 'mail.example.org', port: 143, security: 'starttls', username: 'zoe@example.org' },
      { protocol: 'smtp', host: 'smtp.example.org', port: 465, security: 'tls', username: 'zoe@example.org' },
    );
    assert.equal(filled.incomingHost, 'mail.example.org');
    assert.equal(filled.incomingPort, '143');
    assert.equal(filled.security, 'starttls');
    assert.equal(filled.outgoingHost, 'smtp.example.org');
    assert.equal(filled.outgoingPort, '465');
    assert.equal(filled.usernameEdited, false);
    assert.equal(updateAccountForm(filled, 'email', 'zoe.li@example.org').username, 'zoe.li@example.org');
  });

  it('takes a username the provider gives, and POP3 when that is what was found', () => {
    const filled = applyDiscovered(typed, { protocol: 'pop3', host: 'pop.example.org', port: 995, security: 'tls', username: 'zoe' }, null);
    assert.equal(filled.username, 'zoe');
    assert.equal(filled.protocol, 'pop3');
    assert.equal(filled.incomingPort, '995');
    assert.equal(filled.outgoingHost, '');
  });

  it('reads the domain of an address, or null for something that is not one', () => {
    assert.equal(domainOf(' Zoe@Example.ORG '), 'example.org');
    assert.equal(domainOf('zoe@localhost'), null);
    assert.equal(domainOf('zoe'), null);
  });
});
