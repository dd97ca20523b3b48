import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseNameOf, fileNameFor, flagLetters, flagsOfFileName, folderDirectoryName, INFO_SEPARATOR, uniqueBaseName } from './maildir-name.ts';

const none = { seen: false, flagged: false, answered: false, draft: false, deleted: false };

describe('Maildir names', () => {
  it('writes flag letters in ASCII order and reads them back', () => {
    const all = { seen: true, flagged: true, answered: true, draft: true, deleted: true };
    assert.equal(flagLetters(all), 'DFRST');
    assert.equal(flagLetters({ ...none, seen: true, flagged: true }), 'FS');
    const name = fileNameFor('123.M1P2.host', { ...none, seen: true, answered: true });
    assert.equal(name, `123.M1P2.host${INFO_SEPARATOR}2,RS`);
    assert.deepEqual(flagsOfFileName(name), { ...none, seen: true, answered: true });
    assert.equal(baseNameOf(name), '123.M1P2.host');
    assert.equal(baseNameOf('123.M1P2.host'), '123.M1P2.host');
  });

  it('gives a different base name each time, without the info separator', () => {
    const names = new Set(Array.from({ length: 1000 }, () => uniqueBaseName()));
    assert.equal(names.size, 1000);
    for (const name of names) assert.ok(!name.includes(`${INFO_SEPARATOR}2,`) && !name.includes('/'));
  });

  it('lays folders out as Maildir++', () => {
    assert.equal(folderDirectoryName('INBOX'), '');
    assert.equal(folderDirectoryName('Trash'), '.Trash');
    assert.equal(folderDirectoryName('Work/2024.Q1'), '.Work.2024_Q1');
  });

  it('keeps any folder name to one directory under the root, never a path out of it', () => {
    for (const hostile of ['../../x', '..', '/etc/passwd', 'a\u0000b', 'a\nb', 'Inbox/../../up', '...', '..\\..\\win']) {
      const name = folderDirectoryName(hostile);
      assert.ok(name.startsWith('.') && name !== '.' && name !== '..', `${JSON.stringify(hostile)} -> ${JSON.stringify(name)}`);
      assert.ok(!name.includes('/') && !Array.from({ length: name.length }, (_, index) => name.charCodeAt(index)).some((code) => code < 0x20), `${JSON.stringify(hostile)} -> ${JSON.stringify(name)}`);
      if (process.platform === 'win32') assert.ok(!name.includes('\\'));
    }
    assert.throws(() => folderDirectoryName('/'));
    assert.throws(() => folderDirectoryName(''));
  });
});
