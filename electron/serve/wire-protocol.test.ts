import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventFrame, parseClientFrame, resultFrame } from './wire-protocol.ts';

describe('parseClientFrame', () => {
  it('reads an invoke frame with its id, channel and arguments', () => {
    assert.deepEqual(parseClientFrame('{"type":"invoke","id":7,"channel":"listFolders","args":{"accountId":"a"}}'), {
      ok: true,
      frame: { type: 'invoke', id: 7, channel: 'listFolders', args: { accountId: 'a' } },
    });
  });

  it('leaves the channel name for the service to judge', () => {
    const parsed = parseClientFrame('{"type":"invoke","id":1,"channel":"__proto__"}');
    assert.equal(parsed.ok, true);
    assert.equal(parsed.frame.channel, '__proto__');
  });

  const hostile: readonly (readonly [string, string, number | null])[] = [
    ['text that is not JSON', 'not json', null],
    ['an empty frame', '', null],
    ['a JSON array', '[1,2]', null],
    ['JSON null', 'null', null],
    ['a bare number', '42', null],
    ['a frame of another type', '{"type":"result","id":3,"channel":"getStatus"}', 3],
    ['a frame without an id', '{"type":"invoke","channel":"getStatus"}', null],
    ['a frame with a string id', '{"type":"invoke","id":"3","channel":"getStatus"}', null],
    ['a frame with a fractional id', '{"type":"invoke","id":1.5,"channel":"getStatus"}', null],
    ['a frame with an id beyond the safe integers', '{"type":"invoke","id":1e300,"channel":"getStatus"}', null],
    ['a frame without a channel', '{"type":"invoke","id":4}', 4],
    ['a frame with a numeric channel', '{"type":"invoke","id":5,"channel":5}', 5],
    ['a frame with an inherited-looking id', '{"type":"invoke","__proto__":{"id":9},"channel":"getStatus"}', null],
  ];
  for (const [name, text, id] of hostile) {
    it(`answers ${name} with an invalid-argument envelope for id ${String(id)}`, () => {
      const parsed = parseClientFrame(text);
      assert.equal(parsed.ok, false);
      assert.equal(parsed.reply.type, 'result');
      assert.equal(parsed.reply.id, id);
      assert.equal(parsed.reply.result.ok, false);
      assert.equal(parsed.reply.result.error.code, 'invalid-argument');
    });
  }
});

describe('server frames', () => {
  it('writes a result frame the client can match by id', () => {
    assert.deepEqual(JSON.parse(resultFrame(3, { ok: true, value: [1] })), { type: 'result', id: 3, result: { ok: true, value: [1] } });
  });

  it('writes an event frame with its name and payload', () => {
    assert.deepEqual(JSON.parse(eventFrame('foldersChanged', { accountId: 'a' })), {
      type: 'event',
      event: 'foldersChanged',
      payload: { accountId: 'a' },
    });
  });
});
