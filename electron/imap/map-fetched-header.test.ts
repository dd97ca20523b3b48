import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FetchMessageObject, MessageStructureObject } from 'imapflow';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import { hasAttachment, mapFetchedHeader } from './map-fetched-header.ts';

// Runs a raw FETCH response through imapflow's own parser, as a live session would.
async function fromWire(line: string): Promise<FetchMessageObject> {
  const mailbox = {
    path: 'INBOX',
    delimiter: '/',
    flags: new Set<string>(),
    uidValidity: 1n,
    uidNext: 10,
    exists: 1,
  };
  return formatMessageResponse(await parser(line), mailbox);
}

function fetched(overrides: Partial<FetchMessageObject> = {}): FetchMessageObject {
  return {
    seq: 7,
    uid: 42,
    modseq: 1234n,
    size: 2048,
    flags: new Set(['\\Seen', '\\Recent', '$label1', 'project-x']),
    internalDate: new Date('2024-03-02T10:00:00Z'),
    envelope: {
      date: new Date('2024-03-01T09:30:00Z'),
      subject: 'Grüße aus Köln',
      messageId: '<abc@example.org>',
      from: [{ name: 'Bob Example', address: 'bob@example.org' }],
      to: [
        { name: '', address: 'alice@example.org' },
        { name: 'Carol', address: 'carol@example.org' },
      ],
      cc: [{ address: 'dave@example.org' }],
      replyTo: [{ name: 'Bob Example', address: 'bob@example.org' }],
    },
    bodyStructure: {
      type: 'text/plain',
      part: '1',
      parameters: { charset: 'utf-8' },
      size: 100,
    },
    ...overrides,
  };
}

describe('mapFetchedHeader', () => {
  it('maps the envelope, sizes and dates of a fetched message', () => {
    const header = mapFetchedHeader(fetched());
    assert.equal(header.uid, 42);
    assert.equal(header.modseq, '1234');
    assert.equal(header.messageId, '<abc@example.org>');
    assert.equal(header.subject, 'Grüße aus Köln');
    assert.deepEqual(header.from, {
      name: 'Bob Example',
      address: 'bob@example.org',
    });
    assert.deepEqual(header.to, [
      { name: '', address: 'alice@example.org' },
      { name: 'Carol', address: 'carol@example.org' },
    ]);
    assert.deepEqual(header.cc, [{ name: '', address: 'dave@example.org' }]);
    assert.deepEqual(header.replyTo, [{ name: 'Bob Example', address: 'bob@example.org' }]);
    assert.equal(header.date, Date.parse('2024-03-01T09:30:00Z'));
    assert.equal(header.internalDate, Date.parse('2024-03-02T10:00:00Z'));
    assert.equal(header.size, 2048);
    assert.equal(header.hasAttachments, false);
    assert.deepEqual(JSON.parse(header.bodyStructure ?? 'null'), {
      type: 'text/plain',
      part: '1',
      parameters: { charset: 'utf-8' },
      size: 100,
    });
  });

  it('splits system flags from keywords and drops the session-only \\Recent', () => {
    const header = mapFetchedHeader(fetched());
    assert.deepEqual(header.systemFlags, ['\\Seen']);
    assert.deepEqual(header.keywords, ['$label1', 'project-x']);
  });

  it('falls back to the internal date when the Date header is missing or unparseable', () => {
    const base = fetched();
    assert.equal(
      mapFetchedHeader({
        ...base,
        envelope: { ...base.envelope, date: undefined },
      }).date,
      Date.parse('2024-03-02T10:00:00Z'),
    );
    assert.equal(
      mapFetchedHeader({
        ...base,
        envelope: { ...base.envelope, date: 'not a date' },
      }).date,
      Date.parse('2024-03-02T10:00:00Z'),
    );
  });

  it('decodes RFC 2047 encoded words in the subject and names as imapflow parses them', async () => {
    const line =
      '* 1 FETCH (UID 5 MODSEQ (77) FLAGS (\\Seen $label1 \\Flagged) ENVELOPE ("Mon, 1 Jan 2024 08:00:00 +0000" ' +
      '"=?UTF-8?B?R3LDvMOfZSDihJYx?=" (("=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?=" NIL "joerg" "example.org")) NIL NIL ' +
      '((NIL NIL "alice" "example.org")) NIL NIL NIL "<x@example.org>"))';
    const header = mapFetchedHeader(await fromWire(line));
    assert.equal(header.uid, 5);
    assert.equal(header.modseq, '77');
    assert.equal(header.subject, 'Grüße №1');
    assert.deepEqual(header.from, {
      name: 'Jörg Müller',
      address: 'joerg@example.org',
    });
    assert.deepEqual(header.to, [{ name: '', address: 'alice@example.org' }]);
    assert.equal(header.messageId, '<x@example.org>');
    assert.equal(header.date, Date.parse('2024-01-01T08:00:00Z'));
    assert.deepEqual([...header.systemFlags].sort(), ['\\Flagged', '\\Seen']);
    assert.deepEqual(header.keywords, ['$label1']);
  });

  it('copes with a message without envelope, modseq or flags', () => {
    const header = mapFetchedHeader({ seq: 1, uid: 3 });
    assert.equal(header.subject, '');
    assert.equal(header.from, null);
    assert.deepEqual(header.to, []);
    assert.equal(header.messageId, null);
    assert.equal(header.modseq, null);
    assert.deepEqual(header.systemFlags, []);
    assert.deepEqual(header.keywords, []);
    assert.equal(header.bodyStructure, null);
    assert.equal(header.date, 0);
  });
});

describe('hasAttachment', () => {
  const text: MessageStructureObject = { type: 'text/plain', part: '1' };
  const html: MessageStructureObject = { type: 'text/html', part: '2' };

  it('finds a part with disposition attachment deep in the tree', () => {
    const tree: MessageStructureObject = {
      type: 'multipart/mixed',
      childNodes: [
        { type: 'multipart/alternative', childNodes: [text, html] },
        {
          type: 'application/pdf',
          part: '2',
          disposition: 'attachment',
          dispositionParameters: { filename: 'a.pdf' },
        },
      ],
    };
    assert.equal(hasAttachment(tree), true);
  });

  it('counts a part with only a name parameter as an attachment', () => {
    assert.equal(
      hasAttachment({
        type: 'multipart/mixed',
        childNodes: [text, { type: 'image/png', parameters: { name: 'x.png' } }],
      }),
      true,
    );
  });

  it('does not count text alternatives or an empty structure', () => {
    assert.equal(
      hasAttachment({
        type: 'multipart/alternative',
        childNodes: [text, html],
      }),
      false,
    );
    assert.equal(hasAttachment(undefined), false);
    assert.equal(hasAttachment({ type: 'multipart/mixed', childNodes: [] }), false);
  });
});
