import { useEffect, useState } from 'react';
import type { PasswordStorage } from '../../../shared/secrets/password-storage.ts';
import { useApi } from '../../api/api-context.tsx';

// Where main will keep the password, as it reports it (getPasswordStorage).
export function usePasswordStorage(): PasswordStorage | null {
  const api = useApi();
  const [storage, setStorage] = useState<PasswordStorage | null>(null);
  useEffect(() => {
    let active = true;
    void api.invoke('getPasswordStorage', {}).then((result) => {
      if (active && result.ok) setStorage(result.value);
    });
    return () => {
      active = false;
    };
  }, [api]);
  return storage;
}

// Says what storing the password means here; where no keyring protects it, asks first: main
// refuses to store it unless the box is ticked (storePasswordWithoutKeyring).
export function PasswordStorageNotice({
  storage,
  accepted,
  disabled,
  onAcceptedChange,
}: {
  readonly storage: PasswordStorage | null;
  readonly accepted: boolean;
  readonly disabled: boolean;
  readonly onAcceptedChange: (accepted: boolean) => void;
}) {
  if (storage === null || storage.protection === 'keyring' || storage.protection === 'unknown') return null;
  if (!storage.askBeforeStoring) {
    return <p className="hint password-storage">{storage.explanation}</p>;
  }
  return (
    <div className="password-storage" role="group" aria-labelledby="password-storage-title">
      <p id="password-storage-title" className="hint">
        <strong>Your password would not be protected by a keyring.</strong> {storage.explanation}
      </p>
      <label>
        <input type="checkbox" checked={accepted} disabled={disabled} onChange={(event) => { onAcceptedChange(event.currentTarget.checked); }} /> Store the password
        without a keyring
      </label>
    </div>
  );
}
