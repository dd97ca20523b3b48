import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globalCommandFor, SHORTCUT_GROUPS, type KeyPress } from './shortcut-list.ts';

const press = (key: string, overrides: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inTextField: false,
  ...overrides,
});

describe('globalCommandFor', () => {
  it('maps the single keys to their commands', () => {
    assert.deepEqual(
      ['?', '/', 'c', 'r', 'a', 'f', 'x'].map((key) => globalCommandFor(press(key))),
      ['show-shortcuts', 'focus-search', 'compose', 'reply', 'reply-all', 'forward', null],
    );
  });

  it('leaves keys typed into a text field, and chords with modifiers, alone', () => {
    assert.equal(globalCommandFor(press('/', { inTextField: true })), null);
    assert.equal(globalCommandFor(press('c', { ctrlKey: true })), null);
    assert.equal(globalCommandFor(press('r', { metaKey: true })), null);
    assert.equal(globalCommandFor(press('?', { altKey: true })), null);
  });

  it('lists every global key in the sheet', () => {
    const listed = SHORTCUT_GROUPS.flatMap((group) => group.entries.map((entry) => entry.keys));
    for (const key of ['?', '/', 'c', 'r', 'a', 'f']) assert.ok(listed.includes(key), key);
  });
});
