import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startDovecot, dovecotSkipReason, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage, seedDate, seedKind, seedSubject, writeMaildirMessages } from '../servers/seed.ts';
import { imapSettings } from '../servers/imap-settings.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import type { HeaderBatchProgress, ImapSession, RemoteHeader } from '../../electron/imap/imap-types.ts';
import { LetterboxError } from '../../shared/errors.ts';

const COUNT = 1000;

function systemFlagsFor(i: number): readonly string[] {
  return [...(i % 3 === 0 ? ['\\Seen'] : []), ...(i % 7 === 0 ? ['\\Flagged'] : []), ...(i % 17 === 0 ? ['\\Answered'] : [])];
}

function keywordsFor(i: number): readonly string[] {
  return [...(i % 11 === 0 ? ['$label1'] : []), ...(i % 13 === 0 ? ['project-x'] : [])];
}

// Messages are numbered 1..COUNT in append order, so message i gets UID i.
function indexOf(header: RemoteHeader): number {
  const match = /^<seed-(\d+)@letterbox\.test>$/.exec(header.messageId ?? '');
  assert.ok(match, `message id of UID ${header.uid}: ${header.messageId}`);
  return Number(match[1]);
}

describe('fetching headers and sources from Dovecot', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let session: ImapSession;
  const exactSource = Buffer.from(
    'From: Exact Bytes <exact@example.org>\r\nTo: alice@example.org\r\nSubject: =?UTF-8?Q?Byte-f=C3=BCr-Byte?=\r\n' +
      'Date: Tue, 2 Jan 2024 10:00:00 +0000\r\nMessage-ID: <exact@letterbox.test>\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      'Content-Transfer-Encoding: 8bit\r\n\r\nGrüße, trailing spaces   \r\n\r\n.leading dot\r\nno final newline',
    'utf8',
  );
  let exactUid: number;

  before(async () => {
    server = await startDovecot();
    const messages = Array.from({ length: COUNT }, (_, index) => {
      const i = index + 1;
      return {
        raw: generateMessage(i),
        flags: [...systemFlagsFor(i), ...keywordsFor(i)],
        internalDate: seedDate(i),
      };
    });
    const appended = await appendMessages(server, 'alice', 'INBOX', messages);
    assert.deepEqual(
      appended.map((entry) => entry.uid),
      Array.from({ length: COUNT }, (_, index) => index + 1),
    );
    const [exact] = await appendMessages(server, 'alice', 'Archive', [{ raw: exactSource }]);
    assert.ok(exact?.uid !== null && exact?.uid !== undefined);
    exactUid = exact.uid;
    session = await openImapSession(imapSettings(server, 'alice'));
  });

  after(async () => {
    await session.close();
    await server.stop();
  });

  it('delivers all headers newest first, in batches of the requested size', async () => {
    const batches: (readonly RemoteHeader[])[] = [];
    const progress: HeaderBatchProgress[] = [];
    const snapshot = await session.fetchHeaders('INBOX', {
      batchSize: 300,
      onBatch: (headers, step) => {
        batches.push(headers);
        progress.push(step);
      },
    });
    assert.deepEqual(
      batches.map((batch) => batch.length),
      [300, 300, 300, 100],
    );
    assert.deepEqual(progress, [
      { done: 300, total: COUNT },
      { done: 600, total: COUNT },
      { done: 900, total: COUNT },
      { done: COUNT, total: COUNT },
    ]);
    const uids = batches.flat().map((header) => header.uid);
    assert.deepEqual(
      uids,
      Array.from({ length: COUNT }, (_, index) => COUNT - index),
    );
    assert.equal(snapshot.exists, COUNT);
    assert.equal(snapshot.uidNext, COUNT + 1);
    assert.ok(snapshot.uidValidity > 0);
    assert.match(snapshot.highestModseq ?? '', /^\d+$/);
  });

  it('carries each message’s flags, keywords, subject, sender, dates and attachment state', async () => {
    const headers: RemoteHeader[] = [];
    await session.fetchHeaders('INBOX', {
      batchSize: 500,
      onBatch: (batch) => void headers.push(...batch),
    });
    assert.equal(headers.length, COUNT);
    for (const header of headers) {
      const i = indexOf(header);
      assert.equal(header.uid, i);
      assert.deepEqual([...header.systemFlags].sort(), [...systemFlagsFor(i)].sort(), `flags of message ${i}`);
      assert.deepEqual([...header.keywords].sort(), [...keywordsFor(i)].sort(), `keywords of message ${i}`);
      assert.equal(header.subject, seedSubject(i), `subject of message ${i}`);
      assert.deepEqual(header.from, {
        name: `Sender ${i % 17}`,
        address: `sender${i % 17}@example.org`,
      });
      assert.deepEqual(header.to, [{ name: 'Alice Example', address: 'alice@example.org' }]);
      assert.equal(header.cc.length, i % 5 === 0 ? 1 : 0);
      assert.equal(header.date, seedDate(i).getTime());
      assert.equal(header.internalDate, seedDate(i).getTime());
      assert.equal(header.hasAttachments, seedKind(i) === 'attachment', `attachment state of message ${i}`);
      assert.ok(header.size > 200);
      assert.match(header.modseq ?? '', /^\d+$/);
      assert.ok(header.bodyStructure !== null && header.bodyStructure.includes('"type"'));
    }
    const utf8 = headers.find((header) => indexOf(header) === 1);
    assert.equal(utf8?.subject, 'Grüße aus Köln №1 — 日本語');
    assert.equal(headers.filter((header) => header.keywords.includes('$label1')).length, Math.floor(COUNT / 11));
  });

  it('fetches only UIDs from fromUid on, for the next sync’s new mail', async () => {
    const batches: (readonly RemoteHeader[])[] = [];
    const progress: HeaderBatchProgress[] = [];
    await session.fetchHeaders('INBOX', {
      batchSize: 4,
      fromUid: COUNT - 9,
      onBatch: (headers, step) => {
        batches.push(headers);
        progress.push(step);
      },
    });
    assert.deepEqual(
      batches.map((batch) => batch.map((header) => header.uid)),
      [
        [1000, 999, 998, 997],
        [996, 995, 994, 993],
        [992, 991],
      ],
    );
    assert.deepEqual(progress.at(-1), { done: 10, total: 10 });
  });

  it('delivers nothing when there is no mail at or above fromUid', async () => {
    let calls = 0;
    const snapshot = await session.fetchHeaders('INBOX', {
      batchSize: 50,
      fromUid: COUNT + 1,
      onBatch: () => void (calls += 1),
    });
    assert.equal(calls, 0);
    assert.equal(snapshot.uidNext, COUNT + 1);
  });

  it('hands a failure of onBatch back to the caller unchanged', async () => {
    const storeFailure = new Error('disk full');
    await assert.rejects(
      session.fetchHeaders('INBOX', {
        batchSize: 100,
        onBatch: () => {
          throw storeFailure;
        },
      }),
      (error: unknown) => error === storeFailure,
    );
    // The mailbox lock was released: the session still works.
    assert.equal(
      (
        await session.fetchHeaders('Drafts', {
          batchSize: 10,
          onBatch: () => undefined,
        })
      ).exists,
      0,
    );
  });

  it('reports a folder that does not exist as not-found', async () => {
    await assert.rejects(
      session.fetchHeaders('No/Such/Folder', {
        batchSize: 10,
        onBatch: () => undefined,
      }),
      (error: unknown) => {
        assert.ok(error instanceof LetterboxError);
        assert.equal(error.code, 'not-found');
        return true;
      },
    );
  });

  it('returns the exact bytes that were appended and leaves the message unread', async () => {
    const before: RemoteHeader[] = [];
    const snapshot = await session.fetchHeaders('Archive', {
      batchSize: 10,
      onBatch: (batch) => void before.push(...batch),
    });
    const source = await session.fetchSource('Archive', exactUid, snapshot.uidValidity);
    assert.ok(source !== null);
    assert.equal(Buffer.compare(source, exactSource), 0, 'the source is byte for byte what was appended');
    const after: RemoteHeader[] = [];
    await session.fetchHeaders('Archive', {
      batchSize: 10,
      onBatch: (batch) => void after.push(...batch),
    });
    assert.deepEqual(after.find((header) => header.uid === exactUid)?.systemFlags, []);
    const flags = await server.doveadm(['fetch', '-u', 'alice', 'flags', 'mailbox', 'Archive', 'uid', String(exactUid)]);
    assert.doesNotMatch(flags, /\\Seen/);
    assert.equal(after.find((header) => header.uid === exactUid)?.subject, 'Byte-für-Byte');
  });

  it('reads messages written straight into a Maildir, in file order, with their flags and dates', async () => {
    const raws = Array.from({ length: 20 }, (_, index) => generateMessage(5000 + index));
    writeMaildirMessages(
      server,
      'alice',
      'Bulk/Imported',
      raws,
      (index) => (index % 2 === 0 ? ['\\Seen'] : ['\\Flagged', '\\Answered']),
      (index) => seedDate(5000 + index),
    );
    const headers: RemoteHeader[] = [];
    const snapshot = await session.fetchHeaders('Bulk/Imported', {
      batchSize: 8,
      onBatch: (batch) => void headers.push(...batch),
    });
    assert.equal(snapshot.exists, 20);
    assert.deepEqual(
      headers.map((header) => header.messageId),
      Array.from({ length: 20 }, (_, index) => `<seed-${5019 - index}@letterbox.test>`),
    );
    const oldest = headers.at(-1);
    assert.ok(oldest !== undefined);
    assert.deepEqual(oldest.systemFlags, ['\\Seen']);
    assert.deepEqual([...(headers.at(-2)?.systemFlags ?? [])].sort(), ['\\Answered', '\\Flagged']);
    assert.equal(oldest.internalDate, seedDate(5000).getTime());
    const source = await session.fetchSource('Bulk/Imported', oldest.uid, snapshot.uidValidity);
    assert.equal(source?.toString('utf8'), raws[0]);
  });

  it('returns null for a UID that does not exist', async () => {
    assert.equal(await session.fetchSource('INBOX', COUNT + 50, null), null);
  });

  it('refuses to fetch a source when the folder’s UIDVALIDITY changed', async () => {
    const snapshot = await session.fetchHeaders('INBOX', {
      batchSize: 1000,
      fromUid: COUNT,
      onBatch: () => undefined,
    });
    await assert.rejects(session.fetchSource('INBOX', 1, snapshot.uidValidity + 1), (error: unknown) => {
      assert.ok(error instanceof LetterboxError);
      assert.equal(error.code, 'not-found');
      return true;
    });
  });
});
