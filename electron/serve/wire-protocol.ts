// Browser mode's WebSocket frames. The renderer's client speaks exactly this:
//   client -> server {"type":"invoke","id":N,"channel":NAME,"args":ARGS}
//   server -> client {"type":"result","id":N,"result":ENVELOPE}
//                    {"type":"event","event":NAME,"payload":P}
// Frames come from a page, so each is parsed as hostile; a bad frame gets an error
// envelope (with id null when no usable id was sent), never a crash.
import { fail, type Result } from '../../shared/errors.ts';

export type InvokeFrame = {
  readonly type: 'invoke';
  readonly id: number;
  readonly channel: string;
  readonly args: unknown;
};

export type ResultFrame = {
  readonly type: 'result';
  readonly id: number | null;
  readonly result: Result<unknown>;
};

export type EventFrame = {
  readonly type: 'event';
  readonly event: string;
  readonly payload: unknown;
};

export type ParsedClientFrame =
  | { readonly ok: true; readonly frame: InvokeFrame }
  | { readonly ok: false; readonly reply: ResultFrame };

export function parseClientFrame(text: string): ParsedClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(null, 'The request was not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(null, 'The request must be a JSON object.');
  }
  const frame = value as Record<string, unknown>;
  const id = Object.hasOwn(frame, 'id') && isFrameId(frame.id) ? frame.id : null;
  if (frame.type !== 'invoke') return refuse(id, 'The request type must be "invoke".');
  if (id === null) return refuse(null, 'The request needs a numeric id.');
  if (typeof frame.channel !== 'string') return refuse(id, 'The request needs a channel name.');
  return { ok: true, frame: { type: 'invoke', id, channel: frame.channel, args: frame.args } };
}

export function resultFrame(id: number | null, result: Result<unknown>): string {
  const frame: ResultFrame = { type: 'result', id, result };
  return JSON.stringify(frame);
}

export function eventFrame(event: string, payload: unknown): string {
  const frame: EventFrame = { type: 'event', event, payload };
  return JSON.stringify(frame);
}

function isFrameId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function refuse(id: number | null, message: string): ParsedClientFrame {
  return { ok: false, reply: { type: 'result', id, result: fail('invalid-argument', message) } };
}
