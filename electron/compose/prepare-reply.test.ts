import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from '../../shared/domain.ts';
import { messageIdsIn, prepareReply, rawHeader } from './prepare-reply.ts';

const message: Message = {
  id: '7',
  folderId: '1',
  accountId: '1',
  uid: 3,
  messageId: '<parent@example.org>',
  subject: 'Plans',
  from: { name: 'Bob Example', address: 'bob@example.org' },
  to: [{ name: 'Alice', address: 'Alice@example.org' }, { name: '', address: 'carol@example.org' }],
  cc: [{ name: 'Dave', address: 'dave@example.org' }, { name: '', address: 'bob@example.org' }],
  replyTo: [],
  date: Date.UTC(2024, 0, 2, 10, 0, 0),
  size: 100,
  flags: { seen: true, flagged: false, answered: false, draft: false, deleted: false },
  keywords: [],
  hasAttachments: false,
  bodyState: 'full',
  text: null,
  html: null,
  bodyParts: [],
  attachments: [],
};

const source = {
  message,
  parentReferences: ['<root@example.org>'],
  text: 'Line one\n> older\n',
  ownAddresses: ['alice@example.org'],
  accountId: '1',
};

describe('prepareReply', () => {
  it('answers the sender with Re:, quotes with "> " and threads with In-Reply-To and References', () => {
    const reply = prepareReply(source, 'reply');
    assert.deepEqual(reply.to, ['Bob Example <bob@example.org>']);
    assert.deepEqual(reply.cc, []);
    assert.equal(reply.subject, 'Re: Plans');
    assert.equal(reply.inReplyTo, '<parent@example.org>');
    assert.deepEqual(reply.references, ['<root@example.org>', '<parent@example.org>']);
    assert.match(reply.body, /wrote:\n> Line one\n>> older\n$/);
    assert.deepEqual(reply.relation, { kind: 'reply', messageId: '7' });
    assert.equal(prepareReply({ ...source, message: { ...message, subject: 'RE: Plans' } }, 'reply').subject, 'RE: Plans');
  });

  it('replies to all without the user’s own address and without duplicates', () => {
    const reply = prepareReply(source, 'replyAll');
    assert.deepEqual(reply.to, ['Bob Example <bob@example.org>', 'carol@example.org']);
    assert.deepEqual(reply.cc, ['Dave <dave@example.org>']);
  });

  it('forwards with Fwd:, no recipients and the original below a header block', () => {
    const forward = prepareReply(source, 'forward');
    assert.deepEqual(forward.to, []);
    assert.equal(forward.subject, 'Fwd: Plans');
    assert.match(forward.body, /Forwarded message[\s\S]*From: Bob Example <bob@example.org>[\s\S]*Line one/);
    assert.deepEqual(forward.relation, { kind: 'forward', messageId: '7' });
    assert.equal(forward.inReplyTo, null);
  });

  it('starts a reply to HTML mail in rich text with the original as a blockquote, within the allow-list', () => {
    const html = '<div style="x"><p>Hello <b>Alice</b></p><script>alert(1)</script><img src="https://t.example/p.gif"></div>';
    const reply = prepareReply({ ...source, html }, 'reply');
    assert.equal(reply.html, '<p><br></p><p>On Tue, 02 Jan 2024 10:00:00 GMT, Bob Example &lt;bob@example.org&gt; wrote:</p><blockquote><p>Hello <b>Alice</b></p></blockquote>');
    assert.match(reply.body, /wrote:\n> Line one/);
    assert.equal(prepareReply(source, 'reply').html, undefined);
    assert.match(prepareReply({ ...source, html }, 'forward').html ?? '', /Forwarded message[\s\S]*<p>Hello <b>Alice<\/b><\/p>$/);
  });

  it('reads a folded References header from raw bytes', () => {
    const raw = Buffer.from('Subject: x\r\nReferences: <a@x>\r\n <b@x>\r\n\r\nReferences: <body@x>\r\n');
    assert.deepEqual(messageIdsIn(rawHeader(raw, 'references') ?? ''), ['<a@x>', '<b@x>']);
    assert.equal(rawHeader(raw, 'in-reply-to'), null);
  });
});
