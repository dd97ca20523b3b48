import { useEffect, useRef } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { AddAccountForm } from './add-account-form.tsx';

// A modal <dialog>: the browser traps focus, closes it on Escape and restores focus.
export function AddAccountDialog({ onClose, onAdded }: { readonly onClose: () => void; readonly onAdded: (account: Account) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} className="account-dialog" aria-labelledby="add-account-title" onClose={onClose}>
      <div className="dialog-header">
        <h2 id="add-account-title">Add account</h2>
        <button type="button" className="quiet" onClick={onClose}>
          Cancel
        </button>
      </div>
      <AddAccountForm onAdded={onAdded} />
    </dialog>
  );
}
