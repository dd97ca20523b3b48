import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Result } from '../shared/errors.ts';
import { bindServiceToIpc, forwardServiceEvents } from './electron-ipc.ts';
import { createFakeService } from './serve/test-fake-service.ts';

const appPage = 'file:///opt/Letterbox/dist/renderer/index.html';

type Handler = (event: { senderFrame: { url: string; parent: object | null } | null }, ...args: unknown[]) => Promise<Result<unknown>>;

function bind() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle(channel: string, handler: Handler) {
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  const fake = createFakeService();
  const unbind = bindServiceToIpc(ipcMain as unknown as Parameters<typeof bindServiceToIpc>[0], fake.service, appPage);
  return { handlers, unbind, fake };
}

describe('bindServiceToIpc', () => {
  it('dispatches a request from the app page top frame to the service', async () => {
    const { handlers } = bind();
    const handler = handlers.get('letterbox:invoke');
    assert.ok(handler);
    const result = await handler({ senderFrame: { url: appPage, parent: null } }, 'listAccounts', {});
    assert.deepEqual(result, { ok: true, value: [] });
  });

  const refused = [
    ['a subframe', { url: appPage, parent: {} }],
    ['a frame on another page', { url: 'https://evil.example/', parent: null }],
    ['a destroyed frame', null],
  ] as const;
  for (const [name, senderFrame] of refused) {
    it(`refuses a request from ${name} without reaching the service`, async () => {
      const { handlers } = bind();
      const result = await handlers.get('letterbox:invoke')!({ senderFrame }, 'listAccounts', {});
      assert.equal(result.ok, false);
      assert.match(result.error.message, /Only the Letterbox window/);
    });
  }

  it('removes its handler when unbound', () => {
    const { handlers, unbind } = bind();
    unbind();
    assert.equal(handlers.size, 0);
  });
});

describe('forwardServiceEvents', () => {
  it('sends each service event on the event channel until stopped, and never to destroyed contents', () => {
    const fake = createFakeService();
    const sent: unknown[][] = [];
    let destroyed = false;
    const stop = forwardServiceEvents(fake.service, {
      isDestroyed: () => destroyed,
      send: (...args: unknown[]) => {
        sent.push(args);
      },
    });
    fake.emit('foldersChanged', { accountId: 'a1' });
    destroyed = true;
    fake.emit('accountsChanged', null);
    destroyed = false;
    stop();
    fake.emit('accountsChanged', null);
    assert.deepEqual(sent, [['letterbox:event', 'foldersChanged', { accountId: 'a1' }]]);
  });
});
