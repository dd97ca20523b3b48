// Every read or write of cached UIDs checks UIDVALIDITY first (electron/imap/checked-mailbox.ts):
// against a real Dovecot, a stale UIDVALIDITY is refused with what must be synced again, and
// the current one lets the work run with the lock held and released after it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import { fetchSource } from '../../electron/imap/fetch-source.ts';
import { fetchSources } from '../../electron/imap/fetch-sources.ts';
import { fetchSourceChunks } from '../../electron/imap/fetch-source-chunks.ts';
import { withWritableMailbox } from '../../electron/imap/writable-mailbox.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage } from '../servers/seed.ts';

describe('UIDVALIDITY is checked before cached UIDs are used', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let client: ImapFlow;
  let validity: number;
  let uid: number;

  before(async () => {
    server = await startDovecot();
    await appendMessages(server, 'alice', 'INBOX', [{ raw: generateMessage(1) }]);
    client = await connectAs(server, 'alice');
    const status = await client.status('INBOX', { uidValidity: true, uidNext: true });
    assert.ok(status !== false, 'STATUS answered');
    validity = Number(status.uidValidity);
    uid = Number(status.uidNext) - 1;
  });

  after(async () => {
    await client.logout();
    await server.stop();
  });

  async function refusal(work: Promise<unknown>): Promise<LetterboxError> {
    const error = await work.then(
      () => null,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof LetterboxError, `refused with a LetterboxError, got ${String(error)}`);
    assert.equal(error.code, 'not-found');
    return error;
  }

  it('refuses a stale UIDVALIDITY, saying what must be synced again', async () => {
    const stale = validity + 1;
    assert.match((await refusal(fetchSource(client, 'INBOX', uid, stale))).message, /"INBOX" was rebuilt on the server; this message must be synced again/);
    assert.match((await refusal(fetchSourceChunks(client, 'INBOX', uid, stale, 1024, () => undefined))).message, /this message must be synced again/);
    assert.match((await refusal(fetchSources(client, 'INBOX', [uid], stale))).message, /; it must be synced again/);
    assert.match((await refusal(withWritableMailbox(client, 'INBOX', stale, [uid], () => Promise.resolve(null)))).message, /its messages must be synced again/);
  });

  it('runs the work under the current UIDVALIDITY, and releases the folder after each', async () => {
    const whole = await fetchSource(client, 'INBOX', uid, validity);
    assert.ok(whole !== null && whole.length > 0);
    const chunks: Buffer[] = [];
    assert.equal(await fetchSourceChunks(client, 'INBOX', uid, validity, 256, (chunk) => chunks.push(chunk)), true);
    assert.deepEqual(Buffer.concat(chunks), whole);
    assert.deepEqual((await fetchSources(client, 'INBOX', [uid], validity)).map((fetched) => fetched.source), [whole]);
    const present = await withWritableMailbox(client, 'INBOX', validity, [uid], (found) => Promise.resolve(found.map((message) => message.uid)));
    assert.deepEqual(present, [uid]);
    // A read under a null UIDVALIDITY (nothing cached yet) is not checked.
    assert.deepEqual(await fetchSource(client, 'INBOX', uid, null), whole);
  });
});
