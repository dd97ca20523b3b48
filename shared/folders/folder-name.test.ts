import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childPath, folderNameProblem, renamedPath } from './folder-name.ts';

describe('folder names', () => {
  it('accepts names in any script, and "&"', () => {
    for (const name of ['Проекты', '東京の会議', 'Tom & Jerry', 'Reports 2024']) assert.equal(folderNameProblem(name, '/'), null, name);
  });

  it('refuses the server’s delimiter, saying which character', () => {
    assert.match(folderNameProblem('a/b', '/') ?? '', /cannot contain "\/"/);
    assert.match(folderNameProblem('a.b', '.') ?? '', /cannot contain "\."/);
    assert.equal(folderNameProblem('a.b', '/'), null);
  });

  it('refuses empty names, wildcards, control characters and INBOX', () => {
    assert.match(folderNameProblem('  ', '/') ?? '', /Enter a name/);
    assert.match(folderNameProblem('a*', '/') ?? '', /wildcards/);
    assert.match(folderNameProblem('a\tb', '/') ?? '', /control/);
    assert.match(folderNameProblem('inbox', '/') ?? '', /reserved/);
  });

  it('builds child and renamed paths with the delimiter', () => {
    assert.equal(childPath(null, ' New ', '/'), 'New');
    assert.equal(childPath('Work', 'Q1', '/'), 'Work/Q1');
    assert.equal(renamedPath('Work/Q1', 'Q2', '/'), 'Work/Q2');
    assert.equal(renamedPath('Top', 'Other', '.'), 'Other');
  });
});
