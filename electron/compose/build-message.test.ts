import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import type { ComposeFields } from '../../shared/compose/compose-types.ts';
import { buildMessage, newMessageId, parseRecipients } from './build-message.ts';

const fields: ComposeFields = {
  accountId: '1',
  to: ['Bob Example <bob@example.org>'],
  cc: ['carol@example.org'],
  bcc: ['dave@example.org'],
  subject: 'Grüße — plans',
  body: 'Hello Bob,\nsee the file.\n',
  attachments: [{ fileName: 'data.bin', contentType: 'application/octet-stream', base64: Buffer.from([0, 1, 2, 255]).toString('base64') }],
  relation: null,
  inReplyTo: '<parent@example.org>',
  references: ['<root@example.org>', '<parent@example.org>'],
};

describe('buildMessage', () => {
  it("sends a bare address when the account's name is its address, and the name otherwise", async () => {
    const from = async (name: string) =>
      (await buildMessage({ identity: { name, email: 'alice@example.org' }, fields, messageId: '<n@example.org>', date: new Date(0) })).raw
        .toString('latin1')
        .match(/^From: (.*)$/m)?.[1];
    assert.equal(await from('Alice@Example.org'), 'alice@example.org');
    assert.equal(await from(''), 'alice@example.org');
    assert.equal(await from('Alice Liddell'), 'Alice Liddell <alice@example.org>');
  });

  it('writes headers, threading, body and attachment bytes, and keeps Bcc out of the message but in the envelope', async () => {
    const messageId = newMessageId('alice@example.org');
    const built = await buildMessage({ identity: { name: 'Alice', email: 'alice@example.org' }, fields, messageId, date: new Date(0) });
    assert.match(messageId, /^<[0-9a-f-]+@example\.org>$/);
    assert.deepEqual(built.envelope, { from: 'alice@example.org', to: ['bob@example.org', 'carol@example.org', 'dave@example.org'] });
    const text = built.raw.toString('latin1');
    assert.doesNotMatch(text, /^Bcc:/im);
    assert.doesNotMatch(text, /[^\r]\n/);
    const parsed = await simpleParser(built.raw);
    assert.equal(parsed.messageId, messageId);
    assert.equal(parsed.subject, 'Grüße — plans');
    assert.equal(parsed.inReplyTo, '<parent@example.org>');
    assert.deepEqual(parsed.references, ['<root@example.org>', '<parent@example.org>']);
    assert.equal(parsed.text, 'Hello Bob,\nsee the file.\n');
    assert.deepEqual([...(parsed.attachments[0]?.content ?? [])], [0, 1, 2, 255]);
  });

  it('keeps Bcc in a draft, and refuses a recipient that is not an address', async () => {
    const built = await buildMessage({ identity: { name: 'Alice', email: 'alice@example.org' }, fields, messageId: '<d@example.org>', date: new Date(0), draft: true });
    assert.match(built.raw.toString('latin1'), /^Bcc: dave@example\.org/m);
    assert.throws(() => parseRecipients(['not an address']), /is not an email address/);
  });

  it('sends rich text as multipart/alternative: the HTML through the allow-list, a text part written from it', async () => {
    const html = '<p>Hi <b>Bob</b></p><ul><li>one</li><li>two</li></ul><p><a href="https://example.org/x">plan</a><img src="https://tracker.example/p.gif" onerror="x()"></p><script>alert(1)</script>';
    const built = await buildMessage({
      identity: { name: 'Alice', email: 'alice@example.org' },
      fields: { ...fields, attachments: [], body: 'ignored', html },
      messageId: '<r@example.org>',
      date: new Date(0),
    });
    assert.match(built.raw.toString('latin1'), /^Content-Type: multipart\/alternative/m);
    const parsed = await simpleParser(built.raw);
    assert.equal(parsed.text, 'Hi Bob\n- one\n- two\nplan <https://example.org/x>\n');
    assert.ok(typeof parsed.html === 'string');
    assert.match(parsed.html, /<p>Hi <b>Bob<\/b><\/p><ul><li>one<\/li><li>two<\/li><\/ul><p><a href="https:\/\/example.org\/x">plan<\/a><\/p>/);
    assert.doesNotMatch(parsed.html, /script|img|onerror|tracker/);
  });
});
