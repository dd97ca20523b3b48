import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { LinkConfirmation } from '../../../shared/links/link-confirmation.ts';
import { linkConfirmationText } from './link-confirmation-text.ts';

type Pending = { readonly confirmation: LinkConfirmation; readonly answer: (open: boolean) => void };

// Asks before a deceptive link is opened (openLink's `confirm`): returns the function to
// pass to openLink and the dialog to render while a question is open.
export function useLinkConfirmation(): { readonly confirm: (confirmation: LinkConfirmation) => Promise<boolean>; readonly dialog: ReactNode } {
  const [pending, setPending] = useState<Pending | null>(null);
  const confirm = useCallback(
    (confirmation: LinkConfirmation) =>
      new Promise<boolean>((resolve) => {
        setPending({ confirmation, answer: resolve });
      }),
    [],
  );
  function answer(open: boolean): void {
    pending?.answer(open);
    setPending(null);
  }
  const dialog = pending === null ? null : <LinkConfirmDialog confirmation={pending.confirmation} onAnswer={answer} />;
  return { confirm, dialog };
}

function LinkConfirmDialog({ confirmation, onAnswer }: { readonly confirmation: LinkConfirmation; readonly onAnswer: (open: boolean) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const text = linkConfirmationText(confirmation);
  return (
    <dialog ref={dialog} className="certificate-dialog link-confirm-dialog" aria-labelledby="link-confirm-title" aria-describedby="link-confirm-explanation" onClose={() => { onAnswer(false); }}>
      <h2 id="link-confirm-title">{text.title}</h2>
      <p id="link-confirm-explanation">{text.explanation}</p>
      <p>
        Real address: <code aria-label="Real address">{confirmation.host}</code>
      </p>
      <div className="form-actions">
        {/* The safe choice is the default: Escape and Enter both leave the link unopened. */}
        <button type="button" autoFocus onClick={() => { onAnswer(false); }}>
          Don’t open
        </button>
        <button type="button" className="quiet" onClick={() => { onAnswer(true); }}>
          Open {confirmation.host}
        </button>
      </div>
    </dialog>
  );
}
