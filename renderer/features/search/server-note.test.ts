import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverNote } from './server-note.ts';

describe('serverNote', () => {
  it('says how many the server found and what was checked only here', () => {
    assert.equal(
      serverNote({ found: 3, fetched: 2, unreachable: [], localOnly: ['has:attachment'], notSearched: null }),
      'The server found 3 messages, 2 of them new here. has:attachment was checked on this device only.',
    );
  });

  it('says when the server was not searched and why', () => {
    assert.equal(
      serverNote({ found: 0, fetched: 0, unreachable: [], localOnly: [], notSearched: 'No reason.' }),
      'Searched this device only. No reason.',
    );
  });

  it('names the accounts it could not reach', () => {
    assert.equal(serverNote({ found: 1, fetched: 0, unreachable: ['Work'], localOnly: [], notSearched: null }), 'The server found 1 message. Could not reach Work.');
  });
});
