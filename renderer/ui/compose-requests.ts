// How any part of the window asks for the composer without importing it (features do not
// import each other): the composer host listens, the reader and the sidebar ask.
import type { ReplyMode } from '../../shared/compose/compose-types.ts';
import type { MailtoRequest } from '../../shared/mailto-request.ts';

export type ComposeRequest =
  | { readonly kind: 'new'; readonly prefill?: MailtoRequest }
  | { readonly kind: 'reply'; readonly messageId: string; readonly mode: ReplyMode };

type Listener = (request: ComposeRequest) => void;

const listeners = new Set<Listener>();

export function requestCompose(request: ComposeRequest): void {
  for (const listener of listeners) listener(request);
}

export function onComposeRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
