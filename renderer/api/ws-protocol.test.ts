import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeInvoke, parseServerMessage, reconnectDelay, socketUrl, tokenFromHash } from './ws-protocol.ts';

describe('ws protocol', () => {
  it('encodes an invoke as the JSON frame the server expects', () => {
    assert.deepEqual(JSON.parse(encodeInvoke(7, 'listFolders', { accountId: 'a1' })), {
      type: 'invoke',
      id: 7,
      channel: 'listFolders',
      args: { accountId: 'a1' },
    });
  });

  it('parses a successful and a failed result envelope', () => {
    assert.deepEqual(parseServerMessage('{"type":"result","id":3,"result":{"ok":true,"value":[1]}}'), {
      type: 'result',
      id: 3,
      result: { ok: true, value: [1] },
    });
    assert.deepEqual(
      parseServerMessage('{"type":"result","id":4,"result":{"ok":false,"error":{"code":"timeout","message":"Slow"}}}'),
      { type: 'result', id: 4, result: { ok: false, error: { code: 'timeout', message: 'Slow' } } },
    );
  });

  it('parses a known event and treats a missing payload as null', () => {
    assert.deepEqual(parseServerMessage('{"type":"event","event":"accountsChanged"}'), {
      type: 'event',
      event: 'accountsChanged',
      payload: null,
    });
  });

  it('drops malformed frames, unknown events and results without a proper envelope', () => {
    for (const frame of [
      'not json',
      '42',
      '[]',
      '{"type":"event","event":"somethingElse","payload":1}',
      '{"type":"result","id":"1","result":{"ok":true,"value":1}}',
      '{"type":"result","id":1,"result":{"ok":true}}',
      '{"type":"result","id":1,"result":{"ok":false,"error":{"code":"x"}}}',
      '{"type":"hello"}',
    ]) {
      assert.equal(parseServerMessage(frame), null, frame);
    }
    assert.equal(parseServerMessage(new Uint8Array([1])), null);
  });

  it('reads the token from the fragment and returns null when it is absent or empty', () => {
    assert.equal(tokenFromHash('#token=abc%2Fdef'), 'abc/def');
    assert.equal(tokenFromHash('#foo=1&token=xyz'), 'xyz');
    assert.equal(tokenFromHash(''), null);
    assert.equal(tokenFromHash('#token='), null);
  });

  it('builds the socket URL with the token encoded', () => {
    assert.equal(socketUrl('127.0.0.1:4000', 'a b&c'), 'ws://127.0.0.1:4000/ws?token=a%20b%26c');
  });

  it('doubles the reconnect delay up to a ceiling', () => {
    assert.equal(reconnectDelay(0), 250);
    assert.equal(reconnectDelay(1), 500);
    assert.equal(reconnectDelay(3), 2000);
    assert.equal(reconnectDelay(20), 10_000);
  });
});
