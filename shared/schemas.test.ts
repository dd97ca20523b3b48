import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addAccountSchema, listMessagesSchema } from './schemas.ts';

const valid = {
  kind: 'imap',
  email: 'alice@example.org',
  password: 'pw',
  incoming: { host: 'imap.example.org', port: 993, security: 'tls', username: 'alice' },
  outgoing: null,
};

describe('request schemas', () => {
  it('accepts a complete IMAP account', () => {
    assert.equal(addAccountSchema.safeParse(valid).success, true);
  });

  it('refuses hosts with URL syntax or spaces, and ports out of range', () => {
    for (const host of ['imap.example.org/evil', 'a b', '', 'user@host']) {
      assert.equal(addAccountSchema.safeParse({ ...valid, incoming: { ...valid.incoming, host } }).success, false, host);
    }
    for (const port of [0, 65536, 1.5, -1]) {
      assert.equal(addAccountSchema.safeParse({ ...valid, incoming: { ...valid.incoming, port } }).success, false, String(port));
    }
  });

  it('refuses unknown fields so nothing unexpected reaches main', () => {
    assert.equal(addAccountSchema.safeParse({ ...valid, admin: true }).success, false);
  });

  it('bounds message pages', () => {
    assert.equal(listMessagesSchema.safeParse({ folderId: 'f', offset: 0, limit: 200 }).success, true);
    assert.equal(listMessagesSchema.safeParse({ folderId: 'f', offset: 0, limit: 100_000 }).success, false);
    assert.equal(listMessagesSchema.safeParse({ folderId: '', offset: 0, limit: 1 }).success, false);
  });
});
