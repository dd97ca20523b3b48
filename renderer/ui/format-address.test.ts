import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAddress, formatAddressList } from './format-address.ts';

describe('formatAddress', () => {
  it('shows the name with the address in angle brackets', () => {
    assert.equal(formatAddress({ name: 'Ada Lovelace', address: 'ada@example.org' }), 'Ada Lovelace <ada@example.org>');
  });

  it('shows only the address when there is no name, and only the name when there is no address', () => {
    assert.equal(formatAddress({ name: '  ', address: 'ada@example.org' }), 'ada@example.org');
    assert.equal(formatAddress({ name: 'Undisclosed recipients', address: '' }), 'Undisclosed recipients');
  });

  it('joins a list with commas', () => {
    assert.equal(
      formatAddressList([
        { name: '', address: 'a@x.org' },
        { name: 'B', address: 'b@x.org' },
      ]),
      'a@x.org, B <b@x.org>',
    );
  });
});
