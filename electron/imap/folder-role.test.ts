import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { folderRole } from './folder-role.ts';

function role(path: string, flags: readonly string[] = [], delimiter = '/'): ReturnType<typeof folderRole> {
  const parts = path.split(delimiter);
  const name = parts.at(-1) ?? path;
  const parentPath = parts.length > 1 ? parts.slice(0, -1).join(delimiter) : null;
  return folderRole({ path, name, parentPath, flags });
}

describe('folderRole', () => {
  it('takes the role from a SPECIAL-USE attribute before the name', () => {
    assert.equal(role('Gesendet', ['\\HasNoChildren', '\\Sent']), 'sent');
    assert.equal(role('Papierkorb', ['\\Trash']), 'trash');
    assert.equal(role('Drafts', ['\\Junk']), 'junk');
    assert.equal(role('Everything', ['\\All']), 'all');
    assert.equal(role('Important', ['\\Flagged']), 'flagged');
    assert.equal(role('Old', ['\\Archive']), 'archive');
  });

  it('recognises INBOX in any letter case', () => {
    assert.equal(role('INBOX'), 'inbox');
    assert.equal(role('Inbox'), 'inbox');
    assert.equal(role('inbox'), 'inbox');
  });

  it('falls back to well-known names when the server sends no SPECIAL-USE', () => {
    assert.equal(role('Sent Items'), 'sent');
    assert.equal(role('Deleted Messages'), 'trash');
    assert.equal(role('Spam'), 'junk');
    assert.equal(role('drafts'), 'drafts');
    assert.equal(role('Archive'), 'archive');
  });

  it('recognises well-known names under INBOX and under a bracketed provider folder', () => {
    assert.equal(role('INBOX.Sent', [], '.'), 'sent');
    assert.equal(role('[Gmail]/Sent Mail'), 'sent');
    assert.equal(role('[Gmail]/All Mail'), 'all');
  });

  it('gives no role to a well-known name deeper in the tree', () => {
    assert.equal(role('Projects/Trash'), null);
    assert.equal(role('Work/Sent'), null);
  });

  it('gives no role to ordinary folders', () => {
    assert.equal(role('Work'), null);
    assert.equal(role('Receipts', ['\\HasNoChildren']), null);
  });
});
