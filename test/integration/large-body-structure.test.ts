// Issue 9, item 7: a message of 10,000 MIME parts in a header sync against real Dovecot. Its
// BODYSTRUCTURE (over a megabyte of nested lists) is parsed on the body structure thread
// (electron/imap/body-structure-diversion.ts), so the main thread's loop is not held by it,
// and the store gets the structure imapflow makes of it on a connection of its own.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageStructureObject } from 'imapflow';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import type { ImapSession, RemoteHeader } from '../../electron/imap/imap-types.ts';
import { startDovecot, dovecotSkipReason, type DovecotServer } from '../servers/dovecot.ts';
import { connectAs, generateMessage, writeMaildirMessages } from '../servers/seed.ts';
import { imapSettings } from '../servers/imap-settings.ts';
import { manyPartsMessage, writeHostileMessages } from '../servers/hostile-size-mail.ts';
import { describeHold, measureLoopHold } from '../servers/loop-hold.ts';

const maxLagMs = 200;
const partCount = 10_000;
const ordinary = 300;

function leafCount(node: MessageStructureObject): number {
  return node.childNodes === undefined || node.childNodes.length === 0 ? 1 : node.childNodes.reduce((sum, child) => sum + leafCount(child), 0);
}

describe('a BODYSTRUCTURE of 10,000 parts in a header sync', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let session: ImapSession | null = null;
  const many = manyPartsMessage(ordinary + 1, partCount);

  before(async () => {
    server = await startDovecot();
    writeMaildirMessages(
      server,
      'alice',
      'INBOX',
      Array.from({ length: ordinary }, (_, index) => generateMessage(index + 1)),
    );
    writeHostileMessages(server, 'alice', 'INBOX', [many]);
  });

  after(async () => {
    await session?.close();
    await server.stop();
  });

  it('is parsed off the main thread, as imapflow parses it, with every other header as usual', async () => {
    // What imapflow makes of the structure in one piece, on a plain connection of its own.
    const bare = await connectAs(server, 'alice');
    let expected: { uid: number; structure: MessageStructureObject } | null = null;
    const bareHold = await measureLoopHold(async () => {
      const lock = await bare.getMailboxLock('INBOX', { readOnly: true });
      try {
        for (const message of await bare.fetchAll('1:*', { uid: true, bodyStructure: true, envelope: true })) {
          if (message.envelope?.subject === many.subject && message.bodyStructure !== undefined) {
            expected = { uid: message.uid, structure: message.bodyStructure };
          }
        }
      } finally {
        lock.release();
      }
    });
    await bare.logout();
    assert.ok(expected, 'imapflow read the structure');
    const { uid, structure } = expected as { uid: number; structure: MessageStructureObject };
    // Dovecot counts the multipart container among its 10,000 parts at most, so the last
    // child is left in the one before it.
    assert.equal(leafCount(structure), partCount - 1, 'Dovecot sent every part it parses');

    const opened = await openImapSession(imapSettings(server, 'alice'));
    session = opened;
    const headers: RemoteHeader[] = [];
    const hold = await measureLoopHold(() =>
      opened.fetchHeaders('INBOX', {
        batchSize: 100,
        onBatch: (batch) => {
          headers.push(...batch);
        },
      }),
    );
    console.log(
      `large BODYSTRUCTURE: a header sync of ${ordinary + 1} messages, one of ${partCount} parts, held the loop ${describeHold(hold)}; ` +
        `imapflow parsing it on the main thread held it ${describeHold(bareHold)}`,
    );
    assert.equal(headers.length, ordinary + 1);
    const hostile = headers.find((header) => header.uid === uid);
    assert.ok(hostile, 'the message is listed');
    assert.equal(hostile.subject, many.subject);
    assert.equal(hostile.hasAttachments, true);
    assert.equal(hostile.bodyStructure, JSON.stringify(structure), 'the structure imapflow makes of it');
    const plain = headers.filter((header) => header.uid !== uid);
    assert.ok(plain.every((header) => header.bodyStructure !== null && header.messageId !== null), 'the ordinary ones as usual');

    // The same for headers fetched for a server search's results.
    const searched = (await opened.fetchHeadersByUid?.('INBOX', [uid, 1])) ?? [];
    assert.equal(searched.find((header) => header.uid === uid)?.bodyStructure, JSON.stringify(structure));
    assert.ok(searched.find((header) => header.uid === 1)?.bodyStructure);

    assert.ok(hold.heldMs < maxLagMs, `the header sync held the main thread's event loop ${describeHold(hold)} (limit ${maxLagMs} ms)`);
  });
});
