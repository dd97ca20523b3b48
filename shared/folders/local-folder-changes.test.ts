import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localDeletionQuestion, localFolderDeletion, localRenameProblem, subtreeOf } from './local-folder-changes.ts';

const folder = (id: string, path: string, totalCount = 0, role: 'inbox' | 'trash' | null = null) => ({
  id,
  path,
  name: path.slice(path.lastIndexOf('/') + 1),
  role,
  totalCount,
});
const folders = [
  folder('1', 'INBOX', 4, 'inbox'),
  folder('2', 'Trash', 1, 'trash'),
  folder('3', 'Projects', 2),
  folder('4', 'Projects/2024', 1),
  folder('5', 'Projects 2'),
  folder('6', 'Trash/Old', 3),
];

describe('what renaming and deleting a local folder may do', () => {
  it('takes a folder with the folders under it, not those whose name merely begins the same', () => {
    assert.deepEqual(
      subtreeOf(folder('3', 'Projects'), folders).map((candidate) => candidate.path),
      ['Projects', 'Projects/2024'],
    );
  });

  it('moves to Trash outside Trash and deletes for good inside it, counting subfolders and messages', () => {
    const projects = localFolderDeletion(folders[2]!, folders);
    assert.deepEqual(projects, { kind: 'to-trash', subfolders: 1, messages: 3 });
    assert.equal(
      localDeletionQuestion('Projects', projects),
      'Delete "Projects" and its 1 subfolder? 3 messages will be moved to Trash.',
    );
    const old = localFolderDeletion(folders[5]!, folders);
    assert.deepEqual(old, { kind: 'permanent', subfolders: 0, messages: 3 });
    assert.equal(
      localDeletionQuestion('Old', old),
      'Delete "Old" for good? 3 messages will be deleted permanently; this cannot be undone.',
    );
    assert.equal(
      localDeletionQuestion('Empty', { kind: 'to-trash', subfolders: 0, messages: 0 }),
      'Delete "Empty"? It holds no messages.',
    );
    assert.equal(localFolderDeletion(folders[0]!, folders).kind, 'refused');
    assert.equal(localFolderDeletion(folders[1]!, folders).kind, 'refused');
  });

  it('refuses the separator, a name taken at the same level in any case, and the special folders', () => {
    assert.match(localRenameProblem(folders[2]!, 'A/B', folders)?.message ?? '', /cannot contain "\/"/);
    assert.deepEqual(localRenameProblem(folders[2]!, 'projects 2', folders), {
      code: 'already-exists',
      message: 'A folder named "Projects 2" already exists in Local Folders.',
    });
    assert.equal(localRenameProblem(folders[3]!, 'Projects 2', folders), null, 'taken at another level only');
    assert.equal(localRenameProblem(folders[2]!, 'PROJECTS', folders), null, 'its own name in another case');
    assert.match(localRenameProblem(folders[0]!, 'Mail', folders)?.message ?? '', /Inbox of Local Folders cannot be renamed/);
    assert.match(localRenameProblem(folders[1]!, 'Bin', folders)?.message ?? '', /Trash cannot be renamed/);
  });
});
