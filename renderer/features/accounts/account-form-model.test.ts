import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addAccountSchema } from '../../../shared/schemas.ts';
import { initialAccountForm, toAddAccountArgs, updateAccountForm, type AccountFormState } from './account-form-model.ts';

function filled(): AccountFormState {
  let state = initialAccountForm;
  state = updateAccountForm(state, 'email', 'ada@example.org');
  state = updateAccountForm(state, 'password', 'secret');
  state = updateAccountForm(state, 'incomingHost', 'imap.example.org');
  return state;
}

describe('account form', () => {
  it('lets the username follow the email address until it is edited', () => {
    let state = updateAccountForm(initialAccountForm, 'email', 'ada@');
    state = updateAccountForm(state, 'email', 'ada@example.org');
    assert.equal(state.username, 'ada@example.org');
    state = updateAccountForm(state, 'username', 'ada');
    state = updateAccountForm(state, 'email', 'lovelace@example.org');
    assert.equal(state.username, 'ada');
  });

  it('sets the port from the security choice until the port is edited', () => {
    let state = updateAccountForm(initialAccountForm, 'security', 'starttls');
    assert.equal(state.incomingPort, '143');
    state = updateAccountForm(state, 'security', 'tls');
    assert.equal(state.incomingPort, '993');
    state = updateAccountForm(state, 'security', 'none');
    assert.equal(state.incomingPort, '143');
    state = updateAccountForm(state, 'incomingPort', '10143');
    state = updateAccountForm(state, 'security', 'tls');
    assert.equal(state.incomingPort, '10143');
  });

  it('ignores an unknown security value', () => {
    assert.equal(updateAccountForm(initialAccountForm, 'security', 'ssl3'), initialAccountForm);
  });

  it('builds arguments the service schema accepts, without an outgoing server when none is given', () => {
    const result = toAddAccountArgs(filled());
    assert.ok(result.ok);
    assert.equal(result.args.outgoing, null);
    assert.deepEqual(result.args.incoming, { host: 'imap.example.org', port: 993, security: 'tls', username: 'ada@example.org' });
    assert.equal(addAccountSchema.safeParse(result.args).success, true);
  });

  it('derives the outgoing security from its port', () => {
    let state = updateAccountForm(filled(), 'outgoingHost', 'smtp.example.org');
    state = updateAccountForm(state, 'outgoingPort', '465');
    const implicit = toAddAccountArgs(state);
    assert.ok(implicit.ok);
    assert.equal(implicit.args.outgoing?.security, 'tls');
    const submission = toAddAccountArgs(updateAccountForm(state, 'outgoingPort', '587'));
    assert.ok(submission.ok);
    assert.equal(submission.args.outgoing?.security, 'starttls');
    assert.equal(addAccountSchema.safeParse(submission.args).success, true);
  });

  it('explains what is missing or wrong', () => {
    assert.deepEqual(toAddAccountArgs(initialAccountForm), { ok: false, message: 'Enter an email address like name@example.org.' });
    const badPort = toAddAccountArgs(updateAccountForm(filled(), 'incomingPort', '70000'));
    assert.deepEqual(badPort, { ok: false, message: 'The incoming port must be a number from 1 to 65535.' });
    const noPassword = toAddAccountArgs(updateAccountForm(filled(), 'password', ''));
    assert.deepEqual(noPassword, { ok: false, message: 'Enter the password.' });
  });

  it('passes an outgoing password only when it is given and there is an outgoing server', () => {
    let state = updateAccountForm(filled(), 'outgoingHost', 'smtp.example.org');
    const same = toAddAccountArgs(state);
    assert.ok(same.ok);
    assert.equal('outgoingPassword' in same.args, false);
    state = updateAccountForm(state, 'outgoingPassword', 'smtp-secret');
    const own = toAddAccountArgs(state);
    assert.ok(own.ok);
    assert.equal(own.args.outgoingPassword, 'smtp-secret');
    assert.equal(own.args.password, 'secret');
    assert.ok(addAccountSchema.safeParse(own.args).success);
    const withoutServer = toAddAccountArgs(updateAccountForm(state, 'outgoingHost', ''));
    assert.ok(withoutServer.ok);
    assert.equal('outgoingPassword' in withoutServer.args, false);
  });
});
