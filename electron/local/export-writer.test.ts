import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createExportEncoding } from './export-encoding-pool.ts';
import { emlPlan, mboxPlan } from './export-writer.ts';
import { mboxEntry } from './mbox-format.ts';

const sources: Readonly<Record<string, string>> = {
  a: 'Subject: a\n\nFrom the start of a line\n',
  b: 'Subject: b\r\n\r\n>From quoted already\r\nno final break',
};

describe('an export written message by message', () => {
  const encoding = createExportEncoding();
  after(() => encoding.close());

  it('reads each source only once the one before is written, and writes the mbox entries in order', async () => {
    const events: string[] = [];
    const items = [
      { id: 'a', sender: 'a@example.org', date: Date.UTC(2024, 0, 1) },
      { id: 'b', sender: null, date: Date.UTC(2024, 0, 2) },
    ];
    const plan = mboxPlan('Inbox.mbox', items, {
      sourceOf: (id) => {
        events.push(`read ${id}`);
        return Promise.resolve(Buffer.from(sources[id] ?? ''));
      },
      encoding: () => encoding,
    });
    const written: Buffer[] = [];
    const bytes = await plan.write({
      write(chunk) {
        events.push('write');
        written.push(Buffer.from(chunk));
        return Promise.resolve();
      },
    });
    assert.deepEqual(events, ['read a', 'write', 'read b', 'write']);
    const expected = Buffer.concat(items.map((item) => mboxEntry({ sender: item.sender, date: new Date(item.date), source: Buffer.from(sources[item.id] ?? '') })));
    assert.ok(Buffer.concat(written).equals(expected));
    assert.equal(bytes, expected.length);
    assert.equal(plan.messageCount, 2);
    assert.equal(plan.contentType, 'application/mbox');
  });

  it('writes a message as .eml with its bytes as they are', async () => {
    const plan = emlPlan('a.eml', 'b', { sourceOf: (id) => Promise.resolve(Buffer.from(sources[id] ?? '')) });
    const written: Buffer[] = [];
    assert.equal(await plan.write({ write: (chunk) => Promise.resolve(void written.push(Buffer.from(chunk))) }), Buffer.byteLength(sources.b ?? ''));
    assert.equal(Buffer.concat(written).toString(), sources.b);
    assert.equal(plan.contentType, 'message/rfc822');
  });
});
