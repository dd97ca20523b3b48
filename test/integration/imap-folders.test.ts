import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startDovecot, dovecotSkipReason, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import { imapSettings } from '../servers/imap-settings.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import type { RemoteFolder } from '../../electron/imap/imap-types.ts';

describe('listing IMAP folders from Dovecot', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let folders: readonly RemoteFolder[];

  function folder(path: string): RemoteFolder {
    const found = folders.find((entry) => entry.path === path);
    assert.ok(found, `folder ${path} is listed (got ${folders.map((entry) => entry.path).join(', ')})`);
    return found;
  }

  before(async () => {
    server = await startDovecot();
    await server.doveadm(['mailbox', 'create', '-u', 'alice', '-s', 'Work/Projects']);
    await server.doveadm(['mailbox', 'create', '-u', 'alice', 'Receipts']);
    await appendMessages(server, 'alice', 'INBOX', [
      { raw: generateMessage(1) },
      { raw: generateMessage(2), flags: ['\\Seen'] },
      { raw: generateMessage(3) },
    ]);
    await appendMessages(server, 'alice', 'Work/Projects', [{ raw: generateMessage(4) }, { raw: generateMessage(5) }]);
    const session = await openImapSession(imapSettings(server, 'alice'));
    try {
      folders = await session.listFolders();
    } finally {
      await session.close();
    }
  });

  after(async () => {
    await server.stop();
  });

  it('lists INBOX with its role, counts and UID state', () => {
    const inbox = folder('INBOX');
    assert.equal(inbox.role, 'inbox');
    assert.equal(inbox.name, 'Inbox', 'RFC 3501 5.1: INBOX in any case is shown as Inbox');
    assert.equal(inbox.selectable, true);
    assert.equal(inbox.messages, 3);
    assert.equal(inbox.unseen, 2);
    assert.equal(inbox.uidNext, 4);
    assert.equal(typeof inbox.uidValidity, 'number');
    assert.ok((inbox.uidValidity ?? 0) > 0);
    assert.match(inbox.highestModseq ?? '', /^\d+$/);
  });

  it('gives the special-use folders their roles and shows them subscribed', () => {
    const roles = Object.fromEntries(['Sent', 'Drafts', 'Trash', 'Junk', 'Archive'].map((path) => [path, folder(path).role]));
    assert.deepEqual(roles, {
      Sent: 'sent',
      Drafts: 'drafts',
      Trash: 'trash',
      Junk: 'junk',
      Archive: 'archive',
    });
    for (const path of ['Sent', 'Drafts', 'Trash', 'Junk', 'Archive']) {
      assert.equal(folder(path).subscribed, true, `${path} is subscribed`);
      assert.equal(folder(path).messages, 0);
    }
  });

  it('reports the hierarchy of a nested folder with its delimiter and parent', () => {
    const projects = folder('Work/Projects');
    assert.equal(projects.name, 'Projects');
    assert.equal(projects.parentPath, 'Work');
    assert.equal(projects.delimiter, '/');
    assert.equal(projects.role, null);
    assert.equal(projects.messages, 2);
    assert.equal(projects.unseen, 2);
    assert.equal(projects.subscribed, true);
    assert.equal(folder('INBOX').parentPath, null);
  });

  it('lists a parent that exists only as hierarchy as not selectable, without status', () => {
    const work = folder('Work');
    assert.equal(work.selectable, false);
    assert.equal(work.parentPath, null);
    assert.equal(work.messages, 0);
    assert.equal(work.uidValidity, null);
    assert.equal(work.uidNext, null);
  });

  it('shows which folders are not subscribed', () => {
    assert.equal(folder('Receipts').subscribed, false);
    assert.equal(folder('Receipts').role, null);
  });
});
