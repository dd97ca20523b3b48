import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImapFlow } from 'imapflow';
import { divertLargeBodyStructures, type ParseBodyStructure } from './body-structure-diversion.ts';
import type { RemoteHeader } from './imap-types.ts';
import { sampleHeader } from '../store/test-fixtures.ts';

type Item = { payload: Buffer; literals: Buffer[] };

// The two things of imapflow's the hook touches: the stream its reader reads responses from,
// and the selected mailbox.
function fakeClient(items: Item[], path: string | null) {
  const client: { mailbox: false | { path: string }; streamer: { read: () => Item | null } } = {
    mailbox: path === null ? false : { path },
    streamer: { read: (): Item | null => items.shift() ?? null },
  };
  return { client, imapFlow: client as unknown as ImapFlow };
}

const list = `(${'("text" "plain" NIL NIL NIL "7bit" 3 1 NIL NIL NIL NIL)'.repeat(4)} "mixed" NIL NIL NIL)`;

function line(uid: number): Item {
  return { payload: Buffer.from(`* ${uid} FETCH (UID ${uid} FLAGS () BODYSTRUCTURE ${list} RFC822.SIZE 10)`), literals: [] };
}

describe('diverting large BODYSTRUCTUREs', () => {
  it('cuts the list out of the line imapflow reads, and fills it in for the fetch that asked', async () => {
    const seen: string[] = [];
    const parse: ParseBodyStructure = (bytes) => {
      seen.push(Buffer.from(bytes).toString());
      return Promise.resolve({ hasAttachments: true, bodyStructure: `{"parts":${seen.length}}` });
    };
    const { client, imapFlow } = fakeClient([line(7), { payload: Buffer.from('* 2 EXISTS'), literals: [] }], 'INBOX');
    const diversion = divertLargeBodyStructures(imapFlow, parse, 16);
    assert.equal(diversion.active, true);
    const read = client.streamer.read();
    assert.equal(read?.payload.toString(), '* 7 FETCH (UID 7 FLAGS () BODYSTRUCTURE NIL RFC822.SIZE 10)');
    assert.equal(client.streamer.read()?.payload.toString(), '* 2 EXISTS', 'other responses pass as they came');
    assert.equal(client.streamer.read(), null);
    assert.deepEqual(seen, [list]);
    assert.equal(diversion.diverted, 1);

    const headers: RemoteHeader[] = [sampleHeader(8), sampleHeader(7)];
    const filled = await diversion.withDiverted(headers);
    assert.deepEqual(filled[0], headers[0]);
    assert.deepEqual(filled[1], { ...sampleHeader(7), hasAttachments: true, bodyStructure: '{"parts":1}' });
    assert.deepEqual(await diversion.withDiverted(headers), headers, 'taken once');
  });

  it('keeps each folder to itself, forgets on request, and gives no structure when parsing fails', async () => {
    const { client, imapFlow } = fakeClient([line(3), line(4)], 'Archive');
    const diversion = divertLargeBodyStructures(imapFlow, () => Promise.reject(new Error('thread stopped')), 16);
    client.streamer.read();
    client.streamer.read();
    client.mailbox = { path: 'INBOX' };
    assert.deepEqual(await diversion.withDiverted([sampleHeader(3)]), [sampleHeader(3)], 'not the same UID of another folder');
    client.mailbox = { path: 'Archive' };
    const [failed] = await diversion.withDiverted([{ ...sampleHeader(3), hasAttachments: true }]);
    assert.ok(failed);
    assert.equal(failed.bodyStructure, null);
    assert.equal(failed.hasAttachments, false);
    diversion.forget();
    assert.deepEqual(await diversion.withDiverted([sampleHeader(4)]), [sampleHeader(4)]);
  });

  it('leaves short lines and lines read with no mailbox selected as they are', () => {
    const parse: ParseBodyStructure = () => Promise.reject(new Error('not expected'));
    const { client, imapFlow } = fakeClient([line(5)], null);
    divertLargeBodyStructures(imapFlow, parse, 16);
    assert.match(client.streamer.read()?.payload.toString() ?? '', /BODYSTRUCTURE \(\(/);
    const short = fakeClient([line(6)], 'INBOX');
    divertLargeBodyStructures(short.imapFlow, parse, 10_000);
    assert.match(short.client.streamer.read()?.payload.toString() ?? '', /BODYSTRUCTURE \(\(/);
  });

  it('stays out of the way, and says so, where imapflow has no stream to hook', () => {
    const diversion = divertLargeBodyStructures({ mailbox: false } as unknown as ImapFlow, () => Promise.reject(new Error('not expected')));
    assert.equal(diversion.active, false);
  });
});
