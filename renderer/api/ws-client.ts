// Browser mode's LetterboxApi: the same type as Electron's preload object, carried
// over a loopback WebSocket to the service.
import type { LetterboxApi } from '../../shared/api.ts';
import { maxRequestFrameBytes } from '../../shared/browser-mode-frames.ts';
import { fail, type Result } from '../../shared/errors.ts';
import type { EventMap, EventName } from '../../shared/events.ts';
import { encodeInvoke, parseServerMessage, reconnectDelay } from './ws-protocol.ts';

// The part of the DOM WebSocket the client uses, so tests can hand in a fake.
export type SocketLike = {
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  send(data: string): void;
  close(): void;
};

export type WsClientOptions = {
  readonly url: string;
  readonly createSocket: (url: string) => SocketLike;
  readonly schedule?: (callback: () => void, delayMs: number) => void;
};

export type WsClient = LetterboxApi & {
  close(): void;
};

type Listener = (payload: unknown) => void;

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

// UTF-8 bytes of a frame, counted only where it might be near the limit (3 bytes a code unit at most).
function frameBytes(frame: string): number {
  return frame.length * 3 <= maxRequestFrameBytes ? frame.length : new TextEncoder().encode(frame).length;
}

const lostMessage = 'The connection to Letterbox was lost. It reconnects by itself; try again in a moment.';

export function createWsClient(options: WsClientOptions): WsClient {
  const schedule = options.schedule ?? ((callback: () => void, delayMs: number) => void setTimeout(callback, delayMs));
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const queue: string[] = [];
  const listeners = new Map<EventName, Set<Listener>>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let open = false;
  let closed = false;
  let attempt = 0;
  let everOpened = false;

  function emit(event: EventName, payload: unknown): void {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  }

  function connect(): void {
    const current = options.createSocket(options.url);
    socket = current;
    current.onopen = () => {
      open = true;
      attempt = 0;
      for (const frame of queue.splice(0)) current.send(frame);
      if (everOpened) void refreshStatusAfterReconnect();
      everOpened = true;
    };
    current.onmessage = (event) => {
      const message = parseServerMessage(event.data);
      if (message === null) return;
      if (message.type === 'event') {
        emit(message.event, message.payload);
        return;
      }
      const resolve = pending.get(message.id);
      if (resolve === undefined) return;
      pending.delete(message.id);
      resolve(message.result);
    };
    current.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
    current.onclose = () => {
      if (socket !== current) return;
      open = false;
      socket = null;
      // Requests already sent may never be answered: fail them now rather than hang.
      const waiting = [...pending.values()];
      pending.clear();
      queue.length = 0;
      for (const resolve of waiting) resolve(fail('network', lostMessage));
      if (closed) return;
      emit('status', { state: 'offline', text: 'Disconnected from Letterbox. Reconnecting…', accountId: null });
      schedule(() => {
        if (!closed) connect();
      }, reconnectDelay(attempt));
      attempt += 1;
    };
  }

  async function refreshStatusAfterReconnect(): Promise<void> {
    const status = await client.invoke('getStatus', {});
    if (status.ok) emit('status', status.value);
  }

  const client: WsClient = {
    invoke(channel, args) {
      if (closed) return Promise.resolve(fail('network', lostMessage));
      const id = nextId;
      nextId += 1;
      const frame = encodeInvoke(id, channel, args);
      // Main would close the socket on it, failing every other request with it.
      const bytes = frameBytes(frame);
      if (bytes > maxRequestFrameBytes) {
        return Promise.resolve(
          fail('invalid-argument', `This is too large to hand to Letterbox: ${megabytes(bytes)} MB, where at most ${megabytes(maxRequestFrameBytes)} MB fit.`),
        );
      }
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        if (open && socket !== null) socket.send(frame);
        else queue.push(frame);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    close() {
      closed = true;
      socket?.close();
    },
  };

  connect();
  return client;
}
