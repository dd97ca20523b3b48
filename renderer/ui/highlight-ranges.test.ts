import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlightParts } from './highlight-ranges.ts';

describe('highlightParts', () => {
  it('marks words without regard to case or diacritics', () => {
    assert.deepEqual(highlightParts('My Résumé here', ['resume']), [
      { text: 'My ', match: false },
      { text: 'Résumé', match: true },
      { text: ' here', match: false },
    ]);
  });

  it('marks every word of a phrase or address, and CJK inside a run', () => {
    assert.deepEqual(highlightParts('東京の会議', ['会議']), [
      { text: '東京の', match: false },
      { text: '会議', match: true },
    ]);
    assert.deepEqual(
      highlightParts('bob@example.org', ['bob@example']).map((part) => part.match),
      [true, false, true, false],
    );
  });

  it('returns the text whole when nothing matches or nothing is searched', () => {
    assert.deepEqual(highlightParts('plain', []), [{ text: 'plain', match: false }]);
    assert.deepEqual(highlightParts('plain', ['zzz']), [{ text: 'plain', match: false }]);
  });
});
