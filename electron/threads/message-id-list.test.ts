import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageIdKey, messageIdKeys, referencesFromHeaderBlock } from './message-id-list.ts';

describe('message id lists for threading', () => {
  it('reads one id with or without brackets', () => {
    assert.equal(messageIdKey('<a.1@example.org>'), 'a.1@example.org');
    assert.equal(messageIdKey('a.1@example.org'), 'a.1@example.org');
    assert.equal(messageIdKey('  '), null);
    assert.equal(messageIdKey(null), null);
  });

  it('reads every bracketed id of a folded References header, once each, ignoring junk', () => {
    const block = Buffer.from('References: <a@x> (comment)\r\n\t<b@x>\r\n <a@x> garbage <c@x>\r\n\r\n');
    const value = referencesFromHeaderBlock(block);
    assert.deepEqual(messageIdKeys(value), ['a@x', 'b@x', 'c@x']);
  });

  it('gives null when there is no References header', () => {
    assert.equal(referencesFromHeaderBlock(Buffer.from('\r\n')), null);
    assert.equal(referencesFromHeaderBlock(undefined), null);
  });
});
