import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Keyword } from '../../../shared/keywords/keyword-types.ts';
import { keywordForKey, keywordQuery, keywordState, toggleChange } from './keyword-toggle.ts';

const keyword = (atom: string): Keyword => ({ atom, label: atom, colour: null, localOnly: false, defined: true });

describe('keyword toggling', () => {
  it('sets a keyword on all unless all carry it, counting aliases', () => {
    assert.equal(keywordState([{ keywords: ['$Labelwork'] }, { keywords: ['$label2'] }], '$label2'), 'all');
    assert.equal(keywordState([{ keywords: ['$label2'] }, { keywords: [] }], '$label2'), 'some');
    assert.deepEqual(toggleChange([{ keywords: ['$label2'] }, { keywords: [] }], '$label2'), { add: ['$label2'], remove: [] });
    assert.deepEqual(toggleChange([{ keywords: ['$label2'] }], '$label2'), { add: [], remove: ['$label2'] });
  });

  it('maps keys 1 to 9 to the first nine keywords', () => {
    const keywords = ['a', 'b', 'c'].map(keyword);
    assert.equal(keywordForKey('2', keywords)?.atom, 'b');
    assert.equal(keywordForKey('4', keywords), null);
    assert.equal(keywordForKey('0', keywords), null);
    assert.equal(keywordForKey('x', keywords), null);
    assert.equal(keywordQuery(keyword('Q4')), 'keyword:Q4');
  });
});
