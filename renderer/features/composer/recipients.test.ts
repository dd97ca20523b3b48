import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeLast, formatSuggestion, lastToken, splitRecipients } from './recipients.ts';

describe('recipient fields', () => {
  it('splits at commas outside quotes and angle brackets', () => {
    assert.deepEqual(splitRecipients('"Doe, Jane" <jane@x.org>, bob@x.org; ,'), ['"Doe, Jane" <jane@x.org>', 'bob@x.org']);
  });

  it('completes the address being typed and leaves room for the next', () => {
    assert.equal(lastToken('bob@x.org, ca'), 'ca');
    assert.equal(completeLast('bob@x.org, ca', 'Carol <carol@x.org>'), 'bob@x.org, Carol <carol@x.org>, ');
    assert.equal(completeLast('ca', 'carol@x.org'), 'carol@x.org, ');
  });

  it('quotes display names with specials', () => {
    assert.equal(formatSuggestion('Doe, Jane', 'jane@x.org'), '"Doe, Jane" <jane@x.org>');
    assert.equal(formatSuggestion('', 'jane@x.org'), 'jane@x.org');
  });
});
