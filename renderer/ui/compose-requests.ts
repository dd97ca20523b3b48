// How any part of the window asks for the composer without importing it (features do not
// import each other): the composer host listens, the reader and the sidebar ask.
import type { ComposeDraft, ReplyMode } from '../../shared/compose/compose-types.ts';
import type { MailtoRequest } from '../../shared/mailto-request.ts';

// fromShortcut: a single key asked (c, r, a, f); it never replaces a message being written.
export type ComposeRequest =
  | { readonly kind: 'new'; readonly prefill?: MailtoRequest; readonly fromShortcut?: boolean }
  | { readonly kind: 'reply'; readonly messageId: string; readonly mode: ReplyMode; readonly fromShortcut?: boolean }
  // A message back in the composer (Undo, "Move to drafts"), or a draft to reopen: from
  // this computer's drafts (draftId) or from a Drafts folder (messageId).
  | { readonly kind: 'draft'; readonly draft: ComposeDraft; readonly fromShortcut?: boolean }
  | { readonly kind: 'openDraft'; readonly source: { readonly messageId: string } | { readonly draftId: string }; readonly fromShortcut?: boolean };

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
