import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeFileName } from './export-planner.ts';

describe('export file names', () => {
  it('never carry a path separator, a control character or a leading dot', () => {
    assert.equal(safeFileName('Re: a/b\\c\u0001 "q"', 'eml', 'message'), 'Re a b c q.eml');
    assert.equal(safeFileName('../../etc/passwd', 'eml', 'message'), 'etc passwd.eml');
    assert.equal(safeFileName('...', 'eml', 'message'), 'message.eml');
    assert.equal(safeFileName('', 'mbox', 'folder'), 'folder.mbox');
    assert.equal(safeFileName('東京 🎉', 'mbox', 'folder'), '東京 🎉.mbox');
    assert.equal(safeFileName('x'.repeat(300), 'eml', 'message').length, 124);
  });
});
