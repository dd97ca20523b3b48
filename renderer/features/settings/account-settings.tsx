import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { OfflinePolicyForm } from './offline-policy-form.tsx';

// "Account settings": a button opening a modal dialog with each account's settings.
export function AccountSettings({ accounts }: { readonly accounts: readonly Account[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="quiet" onClick={() => { setOpen(true); }}>
        Account settings
      </button>
      {open ? <AccountSettingsDialog accounts={accounts} onClose={() => { setOpen(false); }} /> : null}
    </>
  );
}

function AccountSettingsDialog({ accounts, onClose }: { readonly accounts: readonly Account[]; readonly onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} className="account-dialog" aria-labelledby="account-settings-title" onClose={onClose}>
      <div className="dialog-header">
        <h2 id="account-settings-title">Account settings</h2>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {accounts.filter((account) => account.kind === 'imap').map((account) => (
        <OfflinePolicyForm key={account.id} account={account} />
      ))}
    </dialog>
  );
}
