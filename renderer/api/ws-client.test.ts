import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SyncStatus } from '../../shared/domain.ts';
import { maxRequestFrameBytes } from '../../shared/browser-mode-frames.ts';
import { createWsClient, type SocketLike } from './ws-client.ts';

type FakeSocket = SocketLike & { readonly url: string; readonly sent: string[]; closedByClient: boolean };

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { callback: () => void; delayMs: number }[] = [];
  const client = createWsClient({
    url: 'ws://host/ws?token=t',
    createSocket(url) {
      const socket: FakeSocket = {
        url,
        sent: [],
        closedByClient: false,
        onopen: null,
        onclose: null,
        onerror: null,
        onmessage: null,
        send(data) {
          this.sent.push(data);
        },
        close() {
          this.closedByClient = true;
        },
      };
      sockets.push(socket);
      return socket;
    },
    schedule(callback, delayMs) {
      timers.push({ callback, delayMs });
    },
  });
  function socket(index: number): FakeSocket {
    const found = sockets[index];
    assert.ok(found, `socket ${index} exists`);
    return found;
  }
  function receive(index: number, message: unknown): void {
    socket(index).onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  return { client, sockets, timers, socket, receive };
}

describe('ws client', () => {
  it('refuses a request larger than a frame main accepts, sends nothing, and keeps the socket', async () => {
    const { client, socket, receive } = harness();
    socket(0).onopen?.({} as Event);
    // Multi-byte text: the limit is on UTF-8 bytes, not on the string's length.
    const body = 'é'.repeat(Math.ceil(maxRequestFrameBytes / 2));
    assert.ok(body.length < maxRequestFrameBytes, 'fewer characters than the limit, more bytes');
    const refused = await client.invoke('listAccounts', { body } as unknown as Record<string, never>);
    if (refused.ok) assert.fail('an oversized request was refused');
    assert.equal(refused.error.code, 'invalid-argument');
    assert.match(refused.error.message, /too large to hand to Letterbox: 8\d\.\d MB, where at most 80\.0 MB fit/);
    assert.equal(socket(0).sent.length, 0);
    assert.equal(socket(0).closedByClient, false);
    // Just under the limit still goes.
    const near = client.invoke('listAccounts', { body: 'x'.repeat(maxRequestFrameBytes - 200) } as unknown as Record<string, never>);
    assert.equal(socket(0).sent.length, 1);
    const frame = JSON.parse(socket(0).sent[0] ?? '') as { id: number };
    receive(0, { type: 'result', id: frame.id, result: { ok: true, value: [] } });
    assert.deepEqual(await near, { ok: true, value: [] });
  });

  it('queues requests made before the socket opens and sends them on open', async () => {
    const { client, socket, receive } = harness();
    const pending = client.invoke('listAccounts', {});
    assert.equal(socket(0).sent.length, 0);
    socket(0).onopen?.({} as Event);
    assert.equal(socket(0).sent.length, 1);
    const frame = JSON.parse(socket(0).sent[0] ?? '') as { id: number; channel: string };
    assert.equal(frame.channel, 'listAccounts');
    receive(0, { type: 'result', id: frame.id, result: { ok: true, value: [] } });
    assert.deepEqual(await pending, { ok: true, value: [] });
  });

  it('resolves each request with the result carrying its own id', async () => {
    const { client, socket, receive } = harness();
    socket(0).onopen?.({} as Event);
    const first = client.invoke('getStatus', {});
    const second = client.invoke('listAccounts', {});
    const [a, b] = socket(0).sent.map((frame) => (JSON.parse(frame) as { id: number }).id);
    receive(0, { type: 'result', id: b, result: { ok: true, value: 'second' } });
    receive(0, { type: 'result', id: a, result: { ok: false, error: { code: 'internal', message: 'first' } } });
    assert.deepEqual(await second, { ok: true, value: 'second' });
    assert.deepEqual(await first, { ok: false, error: { code: 'internal', message: 'first' } });
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const { client, socket, receive } = harness();
    socket(0).onopen?.({} as Event);
    const seen: SyncStatus[] = [];
    const off = client.on('status', (status) => seen.push(status));
    const status: SyncStatus = { state: 'idle', text: 'Up to date', accountId: null };
    receive(0, { type: 'event', event: 'status', payload: status });
    off();
    receive(0, { type: 'event', event: 'status', payload: status });
    assert.deepEqual(seen, [status]);
  });

  it('fails pending requests with a network error when the socket closes, then reconnects with backoff', async () => {
    const { client, sockets, timers, socket } = harness();
    socket(0).onopen?.({} as Event);
    const statuses: SyncStatus[] = [];
    client.on('status', (status) => statuses.push(status));
    const pending = client.invoke('listAccounts', {});
    socket(0).onclose?.({} as CloseEvent);
    const result = await pending;
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'network');
    assert.equal(statuses[0]?.state, 'offline');
    assert.equal(timers.length, 1);
    const first = timers[0];
    assert.ok(first);
    assert.equal(first.delayMs, 250);
    first.callback();
    assert.equal(sockets.length, 2);
    socket(1).onclose?.({} as CloseEvent);
    assert.equal(timers[1]?.delayMs, 500);
  });

  it('asks for the status again after reconnecting', () => {
    const { timers, socket } = harness();
    socket(0).onopen?.({} as Event);
    socket(0).onclose?.({} as CloseEvent);
    timers[0]?.callback();
    socket(1).onopen?.({} as Event);
    const frames = socket(1).sent.map((frame) => (JSON.parse(frame) as { channel: string }).channel);
    assert.deepEqual(frames, ['getStatus']);
  });

  it('stops reconnecting once closed by the page', () => {
    const { client, timers, socket } = harness();
    socket(0).onopen?.({} as Event);
    client.close();
    assert.equal(socket(0).closedByClient, true);
    socket(0).onclose?.({} as CloseEvent);
    assert.equal(timers.length, 0);
  });
});
