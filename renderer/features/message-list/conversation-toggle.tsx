import { ErrorAlert } from '../../ui/error-alert.tsx';
import type { ConversationView } from './use-conversation-view.ts';

// The message list's "Conversations" switch (a toggle button: aria-pressed says its state).
export function ConversationToggle({ view }: { readonly view: ConversationView }) {
  return (
    <div className="list-toolbar">
      <button
        type="button"
        className="quiet conversation-toggle"
        aria-pressed={view.on === true}
        disabled={view.on === null}
        title="Group messages into conversations (replies with what they answer)"
        onClick={() => { view.set(view.on !== true); }}
      >
        Conversations
      </button>
      {view.error === null ? null : (
        <ErrorAlert title="The view could not be changed." message={view.error.message} action="Try again in a moment." />
      )}
    </div>
  );
}
