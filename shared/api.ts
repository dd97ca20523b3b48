// The object the renderer talks to: window.letterbox in Electron (from the preload),
// and the WebSocket client in browser mode. Both have exactly this type.
import type { ArgsOf, ChannelName, ResultOf } from './contract.ts';
import type { Result } from './errors.ts';
import type { EventMap, EventName } from './events.ts';

export type LetterboxApi = {
  invoke<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>>;
  // Returns a function that removes the listener.
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
};
