import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSize } from './format-size.ts';

describe('formatSize', () => {
  it('counts bytes below one kilobyte', () => {
    assert.equal(formatSize(0), '0 bytes');
    assert.equal(formatSize(1), '1 byte');
    assert.equal(formatSize(1023), '1023 bytes');
  });

  it('shows one decimal below ten units and none above', () => {
    assert.equal(formatSize(1024), '1 KB');
    assert.equal(formatSize(1536), '1.5 KB');
    assert.equal(formatSize(20 * 1024 + 300), '20 KB');
    assert.equal(formatSize(3.45 * 1024 * 1024), '3.5 MB');
    assert.equal(formatSize(2 * 1024 ** 3), '2 GB');
  });

  it('says the size is unknown for nonsense input', () => {
    assert.equal(formatSize(-1), 'unknown size');
    assert.equal(formatSize(Number.NaN), 'unknown size');
  });
});
