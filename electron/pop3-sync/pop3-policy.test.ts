import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_POP3_POLICY, downloadsWhole, shouldDeleteFromServer, type LedgerEntry } from './pop3-policy.ts';

const now = Date.UTC(2025, 5, 1);
const entry: LedgerEntry = { uidl: 'a', downloadedAt: now - 3 * 86_400_000, deletedOnServer: false, messageRef: '1', bodyState: 'full', local: 'kept' };

describe('POP3 deletion policy', () => {
  it('leaves every message on the server by default', () => {
    assert.equal(shouldDeleteFromServer(entry, DEFAULT_POP3_POLICY, now), false);
    assert.equal(shouldDeleteFromServer({ ...entry, local: 'gone' }, DEFAULT_POP3_POLICY, now), false);
  });

  it('deletes downloaded messages when leave on server is off, but never one held only as headers', () => {
    const policy = { ...DEFAULT_POP3_POLICY, leaveOnServer: false };
    assert.equal(shouldDeleteFromServer(entry, policy, now), true);
    assert.equal(shouldDeleteFromServer({ ...entry, bodyState: 'headers' }, policy, now), false);
    assert.equal(shouldDeleteFromServer({ ...entry, deletedOnServer: true }, policy, now), false);
  });

  it('deletes after N days counted from the download', () => {
    const policy = { ...DEFAULT_POP3_POLICY, deleteAfterDays: 3 };
    assert.equal(shouldDeleteFromServer(entry, policy, now), true);
    assert.equal(shouldDeleteFromServer({ ...entry, downloadedAt: now - 2 * 86_400_000 }, policy, now), false);
  });

  it('deletes when deleted here: moved to the Trash or gone, even a headers-only copy', () => {
    const policy = { ...DEFAULT_POP3_POLICY, deleteWhenDeletedHere: true };
    assert.equal(shouldDeleteFromServer(entry, policy, now), false);
    assert.equal(shouldDeleteFromServer({ ...entry, local: 'trash' }, policy, now), true);
    assert.equal(shouldDeleteFromServer({ ...entry, local: 'gone', bodyState: 'headers' }, policy, now), true);
  });

  it('downloads whole only up to the size limit', () => {
    assert.equal(downloadsWhole(10_000_000, DEFAULT_POP3_POLICY), true);
    assert.equal(downloadsWhole(1000, { ...DEFAULT_POP3_POLICY, maxMessageBytes: 1000 }), true);
    assert.equal(downloadsWhole(1001, { ...DEFAULT_POP3_POLICY, maxMessageBytes: 1000 }), false);
  });
});
