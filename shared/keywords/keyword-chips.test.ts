import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carriesKeyword, keywordChips } from './keyword-chips.ts';
import type { Keyword } from './keyword-types.ts';

const work: Keyword = { atom: '$label2', label: 'Work', colour: '#ff9900', localOnly: false, defined: true };
const party: Keyword = { atom: 'Party_1234abcd', label: 'Party 🎉', colour: '#00ff00', localOnly: true, defined: true };

describe('keyword chips', () => {
  it('shows defined keywords by label in definition order, then unknown ones by name', () => {
    const chips = keywordChips(['ClientTag', 'Party_1234abcd', '$Labelwork', '$Junk'], [work, party]);
    assert.deepEqual(
      chips.map((chip) => [chip.label, chip.colour, chip.defined]),
      [['Work', '#ff9900', true], ['Party 🎉', '#00ff00', true], ['ClientTag', null, false]],
    );
  });

  it('folds a keyword and its alias onto one chip', () => {
    assert.equal(keywordChips(['$label2', '$Labelwork'], [work]).length, 1);
    assert.ok(carriesKeyword(['$LabelWork'], '$label2'));
    assert.equal(carriesKeyword(['$label3'], '$label2'), false);
  });
});
