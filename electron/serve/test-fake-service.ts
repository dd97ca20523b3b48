// A Service for transport tests: the real dispatch (argument parsing, envelopes) over
// fake handlers, with a way to push events as the real service would.
import { LetterboxError } from '../../shared/errors.ts';
import type { EventMap, EventName } from '../../shared/events.ts';
import { createDispatch } from '../service/dispatch.ts';
import type { EventListener, Handlers, Service } from '../service/service-types.ts';

export type FakeService = {
  readonly service: Service;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  listenerCount(): number;
};

export function createFakeService(): FakeService {
  const listeners = new Set<EventListener>();
  function notHere(): Promise<never> {
    return Promise.reject(new LetterboxError('not-found', 'The fake service has no such thing.'));
  }
  const handlers: Handlers = {
    addAccount: notHere,
    testAccount: notHere,
    listAccounts: () => Promise.resolve([]),
    removeAccount: notHere,
    listFolders: notHere,
    listMessages: notHere,
    getMessage: notHere,
    getAttachment: notHere,
    syncAccount: notHere,
    syncFolder: notHere,
    getStatus: () => Promise.resolve({ state: 'idle', text: 'Up to date', accountId: null }),
    openExternal: ({ url }) => Promise.resolve({ opened: false, url }),
  };
  return {
    service: {
      dispatch: createDispatch(handlers, () => undefined),
      subscribe(listener) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      close: () => Promise.resolve(),
    },
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    listenerCount() {
      return listeners.size;
    },
  };
}
