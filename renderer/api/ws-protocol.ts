// The browser-mode wire format, kept free of sockets so it can be tested in Node.
// Client -> server: {"type":"invoke","id":N,"channel":NAME,"args":ARGS}
// Server -> client: {"type":"result","id":N,"result":ENVELOPE} and {"type":"event","event":NAME,"payload":PAYLOAD}
import type { Result } from '../../shared/errors.ts';
import { isEventName, type EventName } from '../../shared/events.ts';

export type InvokeMessage = {
  readonly type: 'invoke';
  readonly id: number;
  readonly channel: string;
  readonly args: unknown;
};

export type ServerMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: EventName; readonly payload: unknown };

export function encodeInvoke(id: number, channel: string, args: unknown): string {
  const message: InvokeMessage = { type: 'invoke', id, channel, args };
  return JSON.stringify(message);
}

// Anything that is not a well-formed message is dropped (null): a stray frame must
// never resolve the wrong request or crash the page.
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (value.type === 'result') {
    const { id, result } = value;
    if (typeof id !== 'number' || !Number.isInteger(id) || !isEnvelope(result)) return null;
    return { type: 'result', id, result };
  }
  if (value.type === 'event') {
    const { event, payload } = value;
    if (!isEventName(event)) return null;
    return { type: 'event', event, payload: payload ?? null };
  }
  return null;
}

function isEnvelope(value: unknown): value is Result<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !isRecord(value.error)) return false;
  return typeof value.error.code === 'string' && typeof value.error.message === 'string';
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The token travels in the fragment so it never reaches server logs or Referer headers.
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token !== null && token.length > 0 ? token : null;
}

export function socketUrl(host: string, token: string): string {
  return `ws://${host}/ws?token=${encodeURIComponent(token)}`;
}

// Doubling backoff with a ceiling, so a restarted server is found quickly but a
// dead one is not hammered.
export function reconnectDelay(attempt: number, baseMs = 250, maxMs = 10_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}
