import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelName } from '../shared/contract.ts';
import type { EventName } from '../shared/events.ts';
import { createPreloadApi, type IpcListener, type IpcRendererLike } from './preload-api.ts';

type FakeIpc = IpcRendererLike & {
  readonly invoked: unknown[][];
  emit(channel: string, ...args: unknown[]): void;
  listenerCount(channel: string): number;
};

function createFakeIpc(reply: (...args: unknown[]) => Promise<unknown> = () => Promise.resolve({ ok: true, value: 'pong' })): FakeIpc {
  const invoked: unknown[][] = [];
  const listeners = new Map<string, IpcListener[]>();
  return {
    invoked,
    invoke(channel, ...args) {
      invoked.push([channel, ...args]);
      return reply(channel, ...args);
    },
    on(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
    removeListener(channel, listener) {
      listeners.set(channel, (listeners.get(channel) ?? []).filter((each) => each !== listener));
    },
    emit(channel, ...args) {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: 'secret ipc event' }, ...args);
    },
    listenerCount(channel) {
      return listeners.get(channel)?.length ?? 0;
    },
  };
}

describe('createPreloadApi', () => {
  it('sends a known request over the one invoke channel and returns its envelope', async () => {
    const ipc = createFakeIpc();
    const api = createPreloadApi(ipc);
    const result = await api.invoke('listFolders', { accountId: 'a1' });
    assert.deepEqual(ipc.invoked, [['letterbox:invoke', 'listFolders', { accountId: 'a1' }]]);
    assert.deepEqual(result, { ok: true, value: 'pong' });
  });

  for (const hostile of ['constructor', '__proto__', 'toString', 'nope', '', 'letterbox:invoke', 42, null]) {
    it(`answers unknown-channel without touching IPC for the request name ${JSON.stringify(hostile)}`, async () => {
      const ipc = createFakeIpc();
      const api = createPreloadApi(ipc);
      const result = await api.invoke(hostile as ChannelName, {});
      assert.equal(result.ok, false);
      assert.equal(result.error.code, 'unknown-channel');
      assert.equal(ipc.invoked.length, 0);
    });
  }

  it('turns a failed IPC call into an error envelope instead of a rejection', async () => {
    const api = createPreloadApi(createFakeIpc(() => Promise.reject(new Error('Error invoking remote method'))));
    const result = await api.invoke('getStatus', {});
    assert.equal(result.ok, false);
    assert.equal(result.error.code, 'internal');
  });

  it('delivers only the subscribed event, with its payload and without the IPC event object', () => {
    const ipc = createFakeIpc();
    const api = createPreloadApi(ipc);
    const received: unknown[][] = [];
    api.on('foldersChanged', (...args: unknown[]) => received.push(args));
    ipc.emit('letterbox:event', 'messagesChanged', { folderIds: ['f1'] });
    ipc.emit('letterbox:event', 'foldersChanged', { accountId: 'a1' });
    ipc.emit('some-other-channel', 'foldersChanged', { accountId: 'a2' });
    assert.deepEqual(received, [[{ accountId: 'a1' }]]);
  });

  it('stops delivering after unsubscribe, and a second unsubscribe is harmless', () => {
    const ipc = createFakeIpc();
    const api = createPreloadApi(ipc);
    let calls = 0;
    const unsubscribe = api.on('accountsChanged', () => (calls += 1));
    ipc.emit('letterbox:event', 'accountsChanged', null);
    unsubscribe();
    unsubscribe();
    ipc.emit('letterbox:event', 'accountsChanged', null);
    assert.equal(calls, 1);
    assert.equal(ipc.listenerCount('letterbox:event'), 0);
  });

  it('refuses to subscribe to an unknown event name', () => {
    const api = createPreloadApi(createFakeIpc());
    assert.throws(() => api.on('__proto__' as EventName, () => undefined), /no event named/);
  });

  it('exposes exactly invoke and on', () => {
    assert.deepEqual(Object.keys(createPreloadApi(createFakeIpc())).sort(), ['invoke', 'on']);
  });
});
