// The object the preload exposes as window.letterbox, built over anything shaped like
// ipcRenderer so it can be tested without Electron. It hands the page functions only,
// never ipcRenderer itself, and never passes the IPC event object (which carries the
// sender) to page code.
import type { LetterboxApi } from '../shared/api.ts';
import { isChannelName } from '../shared/contract.ts';
import { fail, type Result } from '../shared/errors.ts';
import { isEventName } from '../shared/events.ts';
import { eventChannel, invokeChannel } from './ipc-channel-names.ts';

export type IpcListener = (event: unknown, ...args: unknown[]) => void;

export type IpcRendererLike = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
};

export function createPreloadApi(ipc: IpcRendererLike): LetterboxApi {
  return {
    async invoke(channel, args) {
      if (!isChannelName(channel)) {
        return fail('unknown-channel', `There is no request named ${describe(channel)}.`);
      }
      try {
        return (await ipc.invoke(invokeChannel, channel, args)) as Result<never>;
      } catch {
        return fail('internal', 'Letterbox could not reach its main process. Restart Letterbox and try again.');
      }
    },
    on(event, listener) {
      if (!isEventName(event)) throw new TypeError(`There is no event named ${describe(event)}.`);
      if (typeof listener !== 'function') throw new TypeError('The event listener must be a function.');
      const forward: IpcListener = (_ipcEvent, name, payload) => {
        if (name === event) listener(payload as Parameters<typeof listener>[0]);
      };
      ipc.on(eventChannel, forward);
      let subscribed = true;
      return function unsubscribe() {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(eventChannel, forward);
      };
    },
  };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : `of type ${typeof value}`;
}
