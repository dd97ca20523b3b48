import { useEffect, useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useRefresh } from '../../ui/use-refresh.ts';

export type AccountsState = {
  // null until the first answer arrives.
  readonly accounts: readonly Account[] | null;
  readonly error: AppError | null;
  readonly reload: () => void;
};

export function useAccounts(): AccountsState {
  const api = useApi();
  const [version, reload] = useRefresh(0);
  const [accounts, setAccounts] = useState<readonly Account[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let active = true;
    void api.invoke('listAccounts', {}).then((result) => {
      if (!active) return;
      if (result.ok) {
        setAccounts(result.value);
        setError(null);
      } else {
        setError(result.error);
      }
    });
    return () => {
      active = false;
    };
  }, [api, version]);
  useApiEvent('accountsChanged', reload);
  return { accounts, error, reload };
}
