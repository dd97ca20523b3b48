import type { EmitEvent, EventListener } from './service-types.ts';

export type EventBus = {
  readonly emit: EmitEvent;
  subscribe(listener: EventListener): () => void;
};

// Fans service events out to the transports. A listener that throws (a closed window,
// a dropped socket) is reported and does not stop the others from hearing the event.
export function createEventBus(logError: (error: unknown) => void): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(event, payload);
        } catch (error) {
          logError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
