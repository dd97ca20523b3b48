import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addAccountSchema } from '../../../shared/schemas.ts';
import { initialAccountForm, toAddAccountArgs, updateAccountForm, type AccountFormState } from './account-form-model.ts';

function pop3Form(): AccountFormState {
  let state = updateAccountForm(initialAccountForm, 'protocol', 'pop3');
  state = updateAccountForm(state, 'email', 'ada@example.org');
  state = updateAccountForm(state, 'password', 'secret');
  return updateAccountForm(state, 'incomingHost', 'pop.example.org');
}

describe('the add-account form with POP3', () => {
  it('defaults the port to 995 with TLS and 110 with STARTTLS (STLS), until the user types one', () => {
    const state = pop3Form();
    assert.equal(state.incomingPort, '995');
    assert.equal(updateAccountForm(state, 'security', 'starttls').incomingPort, '110');
    assert.equal(updateAccountForm(state, 'protocol', 'imap').incomingPort, '993');
    const typed = updateAccountForm(state, 'incomingPort', '1995');
    assert.equal(updateAccountForm(typed, 'security', 'starttls').incomingPort, '1995');
  });

  it('builds a pop3 account that leaves mail on the server by default and passes the schema', () => {
    const result = toAddAccountArgs(pop3Form());
    assert.ok(result.ok && result.args.kind === 'pop3');
    assert.deepEqual(result.args.pop3, {
      leaveOnServer: true,
      deleteAfterDays: null,
      deleteWhenDeletedHere: false,
      maxMessageBytes: null,
    });
    assert.equal(addAccountSchema.safeParse(result.args).success, true);
  });

  it('carries the where-mail-lives choices and refuses ones it cannot read', () => {
    let state = updateAccountForm(pop3Form(), 'deleteAfterDays', '14');
    state = updateAccountForm(state, 'deleteWhenDeletedHere', 'true');
    state = updateAccountForm(state, 'maxMessageKb', '500');
    const result = toAddAccountArgs(state);
    assert.ok(result.ok && result.args.kind === 'pop3');
    assert.deepEqual(result.args.pop3, { leaveOnServer: true, deleteAfterDays: 14, deleteWhenDeletedHere: true, maxMessageBytes: 512_000 });
    assert.equal(addAccountSchema.safeParse(result.args).success, true);
    const off = toAddAccountArgs(updateAccountForm(state, 'leaveOnServer', 'false'));
    assert.ok(off.ok && off.args.kind === 'pop3');
    assert.equal(off.args.pop3?.deleteAfterDays, null);
    assert.equal(toAddAccountArgs(updateAccountForm(state, 'deleteAfterDays', 'soon')).ok, false);
    assert.equal(toAddAccountArgs(updateAccountForm(state, 'maxMessageKb', '0')).ok, false);
  });
});
