import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atomForLabel, canonicalAtom, equivalentAtoms, isHiddenKeyword, isKeywordAtom, sameKeyword } from './keyword-atom.ts';

describe('keyword atoms', () => {
  it('maps the five common labels to Thunderbird’s atoms', () => {
    assert.deepEqual(
      ['Important', 'work', 'Personal', 'to do', 'Later'].map(atomForLabel),
      ['$label1', '$label2', '$label3', '$label4', '$label5'],
    );
  });

  it('reads Evolution’s label keywords as the same keywords', () => {
    assert.equal(canonicalAtom('$Labelimportant'), '$label1');
    assert.equal(canonicalAtom('$labeltodo'), '$label4');
    assert.equal(canonicalAtom('$LABEL2'), '$label2');
    assert.ok(sameKeyword('$Labelwork', '$label2'));
    assert.deepEqual(equivalentAtoms('$label5'), ['$label5', '$Labellater']);
    assert.deepEqual(equivalentAtoms('Project'), ['Project']);
  });

  it('keeps a label that is already an atom as it is', () => {
    assert.equal(atomForLabel('Project-X'), 'Project-X');
    assert.equal(atomForLabel('$MyTag'), '$MyTag');
  });

  it('gives labels with spaces, specials or non-ASCII a deterministic ASCII atom', () => {
    const spaced = atomForLabel('Tax return 2024');
    assert.match(spaced, /^Tax_return_2024_[0-9a-f]{8}$/);
    assert.equal(atomForLabel('Tax return 2024'), spaced);
    assert.equal(atomForLabel('  Tax   return 2024 '), spaced);
    const emoji = atomForLabel('Party 🎉');
    assert.match(emoji, /^Party_[0-9a-f]{8}$/);
    assert.notEqual(emoji, atomForLabel('Party 🎈'));
    assert.match(atomForLabel('Важно'), /^keyword_[0-9a-f]{8}$/);
    assert.match(atomForLabel('a(b)c"d\\e]f{g%h*i'), /^a_b_c_d_e_f_g_h_i_[0-9a-f]{8}$/);
    assert.match(atomForLabel('\\Seen'), /^Seen_[0-9a-f]{8}$/);
    for (const label of ['Tax return 2024', 'Party 🎉', 'Важно', '\\Seen', '東京 会議']) {
      assert.ok(isKeywordAtom(atomForLabel(label)), label);
    }
  });

  it('accepts only RFC 3501 atoms', () => {
    assert.ok(isKeywordAtom('$label1'));
    for (const bad of ['', 'a b', 'a(b', 'a*', 'a%', 'a"', 'a]', 'a{', 'é', 'a\tb', 'x'.repeat(101)]) {
      assert.equal(isKeywordAtom(bad), false, bad);
    }
  });

  it('hides keywords with a protocol meaning', () => {
    assert.ok(isHiddenKeyword('$Junk'));
    assert.ok(isHiddenKeyword('$Forwarded'));
    assert.equal(isHiddenKeyword('$label1'), false);
  });
});
