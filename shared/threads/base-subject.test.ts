import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { subjectParts } from './base-subject.ts';

describe('subjectParts (RFC 5256 base subject)', () => {
  it('strips reply and forward markers, nested and in other languages', () => {
    assert.deepEqual(subjectParts('Re: Re: Lunch'), { base: 'lunch', isReply: true });
    assert.deepEqual(subjectParts('RE: [team] Fwd: Lunch (fwd)'), { base: 'lunch', isReply: true });
    assert.deepEqual(subjectParts('AW: Mittagessen'), { base: 'mittagessen', isReply: true });
    assert.deepEqual(subjectParts('[Fwd: Plans]'), { base: 'plans', isReply: true });
    assert.deepEqual(subjectParts('Re[2]: Budget'), { base: 'budget', isReply: true });
  });

  it('keeps a subject without markers, folding case and spaces', () => {
    assert.deepEqual(subjectParts('  Quarterly   Report '), { base: 'quarterly report', isReply: false });
    assert.deepEqual(subjectParts('[list] Quarterly Report'), { base: 'quarterly report', isReply: false });
    assert.deepEqual(subjectParts('Regarding the plan'), { base: 'regarding the plan', isReply: false });
  });

  it('gives an empty base for an empty subject, and keeps a lone [blob]', () => {
    assert.deepEqual(subjectParts(''), { base: '', isReply: false });
    assert.deepEqual(subjectParts('Re:'), { base: '', isReply: true });
    assert.deepEqual(subjectParts('[urgent]'), { base: '[urgent]', isReply: false });
  });
});
