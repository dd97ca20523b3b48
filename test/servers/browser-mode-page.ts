// What a browser-mode page does over the wire, without a browser: the WebSocket with the
// page's token and Origin, requests as invoke frames, and every pushed event kept in order.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { Result } from '../../shared/errors.ts';
import type { EventMap, EventName } from '../../shared/events.ts';

export type BrowserModePage = {
  // As the page's api does: the answer's Result.
  invoke<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>>;
  request<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>>;
  // The payloads of one event, as pushed so far.
  events<E extends EventName>(event: E): readonly EventMap[E][];
  // The first payload of the event that matches, waiting up to withinMs for it.
  waitForEvent<E extends EventName>(event: E, matches: (payload: EventMap[E]) => boolean, withinMs: number): Promise<EventMap[E]>;
  close(): void;
};

export async function openBrowserModePage(port: number, token: string): Promise<BrowserModePage> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`, {
    origin: `http://127.0.0.1:${port}`,
  });
  await once(socket, 'open');
  const pushed: { readonly event: string; readonly payload: unknown }[] = [];
  const waiting = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as {
      type: string;
      id?: number;
      result?: Result<unknown>;
      event?: string;
      payload?: unknown;
    };
    if (frame.type === 'event' && frame.event !== undefined) pushed.push({ event: frame.event, payload: frame.payload });
    if (frame.type === 'result' && frame.id !== undefined && frame.result !== undefined) waiting.get(frame.id)?.(frame.result);
  });
  const events = <E extends EventName>(event: E) =>
    pushed.filter((entry) => entry.event === event).map((entry) => entry.payload as EventMap[E]);
  async function invoke<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>> {
    const id = nextId++;
    const answered = new Promise<Result<unknown>>((resolve) => waiting.set(id, resolve));
    socket.send(JSON.stringify({ type: 'invoke', id, channel, args }));
    const result = await answered;
    waiting.delete(id);
    return result as Result<ResultOf<C>>;
  }
  return {
    invoke,
    async request(channel, args) {
      const result = await invoke(channel, args);
      if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    events,
    async waitForEvent(event, matches, withinMs) {
      const deadline = Date.now() + withinMs;
      for (;;) {
        const found = events(event).find(matches);
        if (found !== undefined) return found;
        if (Date.now() > deadline) assert.fail(`no ${event} event came within ${withinMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close() {
      socket.close();
    },
  };
}
