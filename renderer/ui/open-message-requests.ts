// How a part of the window that is not the list asks to show a message (a clicked new-mail
// notification): the app listens and selects its folder and the message.
import type { OpenMessageRequest } from '../../shared/settings/settings.ts';

type Listener = (request: OpenMessageRequest) => void;

const listeners = new Set<Listener>();

export function requestOpenMessage(request: OpenMessageRequest): void {
  for (const listener of listeners) listener(request);
}

export function onOpenMessageRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
