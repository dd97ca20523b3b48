import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyPartLimits } from './body-parts.ts';
import { maxListedAttachments, messageViewOf } from './message-view.ts';

function message(contentType: string, body: string): Buffer {
  return Buffer.from(`From: a@example.org\r\nCc: Bob <bob@example.org>\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}\r\n\r\n${body}`);
}

function attachmentPart(index: number): string {
  return `--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="f${index}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(`file ${index}`).toString('base64')}\r\n`;
}

describe('messageViewOf', () => {
  it('hands an ordinary message over whole, with no notice', async () => {
    const view = await messageViewOf(
      message('multipart/mixed; boundary="b"', `--b\r\nContent-Type: text/html\r\n\r\n<p>Hello <b>you</b></p>\r\n${attachmentPart(1)}--b--\r\n`),
    );
    assert.equal(view.notice, null);
    assert.deepEqual(view.bodyParts, [{ kind: 'html', html: '<p>Hello <b>you</b></p>' }]);
    assert.equal(view.html, '<p>Hello <b>you</b></p>');
    // No text part: none, so a reply quotes the HTML made text (mailparser says '' here).
    assert.equal(view.text, null);
    assert.deepEqual(
      view.attachments.map((attachment) => [attachment.id, attachment.fileName, attachment.size]),
      [['part-1', 'f1.bin', 6]],
    );
    assert.deepEqual(view.cc, [{ name: 'Bob', address: 'bob@example.org' }]);
  });

  it('shows an HTML body larger than the limit as its text, shortened, and says so', async () => {
    const row = '<p>A row of a newsletter that goes on and on.</p>\r\n';
    const html = row.repeat(Math.ceil((bodyPartLimits.maxEncodedPartBytes + 1024) / row.length));
    const view = await messageViewOf(message('text/html; charset=utf-8', html));
    assert.equal(view.html, null);
    assert.equal(view.bodyParts.length, 1);
    const [part] = view.bodyParts;
    assert.ok(part !== undefined && part.kind === 'text');
    const { text } = part;
    assert.ok(text.startsWith('A row of a newsletter'));
    assert.ok(text.endsWith('[…]'));
    assert.ok(text.length <= bodyPartLimits.maxTextChars + 10);
    assert.match(view.notice ?? '', /too large to show formatted.*Save as \.eml/);
    assert.doesNotMatch(view.notice ?? '', /Search finds/, 'all of its text is in the index');
  });

  it('says when the search index holds only the start of its text', async () => {
    const row = '<p>A row of a newsletter that goes on and on.</p>\r\n';
    const view = await messageViewOf(message('text/html; charset=utf-8', row.repeat(Math.ceil((8 * 1024 * 1024) / row.length))));
    assert.match(view.notice ?? '', /too large to show formatted.*Search finds words only in the first 4 MB of its text\..*Save as \.eml/);
  });

  it('shows HTML nested deeper than the limit as its text, and says so', async () => {
    const view = await messageViewOf(message('text/html', `${'<div>'.repeat(5000)}deep words${'</div>'.repeat(5000)}`));
    assert.equal(view.html, null);
    assert.deepEqual(view.bodyParts, [{ kind: 'text', text: 'deep words' }]);
    assert.match(view.notice ?? '', /nests its formatting too deeply/);
  });

  it('lists the first attachments of a message with more than it lists, and says how many there are', async () => {
    const count = maxListedAttachments + 20;
    const parts = Array.from({ length: count }, (_, index) => attachmentPart(index + 1)).join('');
    const view = await messageViewOf(message('multipart/mixed; boundary="b"', `--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n${parts}--b--\r\n`));
    assert.equal(view.attachments.length, maxListedAttachments);
    assert.equal(view.attachments.at(-1)?.id, `part-${maxListedAttachments}`);
    assert.match(view.notice ?? '', new RegExp(`first ${maxListedAttachments} of its ${count} attachments`));
  });

  it('shows the first parts of a message with thousands and counts the rest', async () => {
    const parts = Array.from({ length: 1500 }, (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${index + 1}\r\n`).join('');
    const view = await messageViewOf(message('multipart/mixed; boundary="b"', `${parts}--b--\r\n`));
    assert.equal(view.bodyParts.length, bodyPartLimits.maxParts);
    assert.deepEqual(view.bodyParts[0], { kind: 'text', text: 'part 1' });
    assert.match(view.notice ?? '', /1,300 more parts of this message are not shown/);
    // mailparser's splitter stops at 1,000 parts.
    assert.match(view.notice ?? '', /more parts than Letterbox reads/);
  });
});
