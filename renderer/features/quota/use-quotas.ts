import { useEffect, useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import type { AccountQuota } from '../../../shared/quota/quota-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useRefresh } from '../../ui/use-refresh.ts';

// Each IMAP account's quota, asked again after a sync finishes (new mail and moves change
// it). A failed question (offline) keeps the last answer: the meter is a hint, not news.
export function useQuotas(accounts: readonly Account[]): ReadonlyMap<string, AccountQuota> {
  const api = useApi();
  const [version, refresh] = useRefresh(1000);
  const [quotas, setQuotas] = useState<ReadonlyMap<string, AccountQuota>>(new Map());
  const imapIds = accounts
    .filter((account) => account.kind === 'imap')
    .map((account) => account.id)
    .join(',');
  useEffect(() => {
    let active = true;
    const ids = imapIds.length === 0 ? [] : imapIds.split(',');
    void Promise.all(ids.map(async (accountId) => [accountId, await api.invoke('getQuota', { accountId })] as const)).then((results) => {
      if (!active) return;
      setQuotas((previous) => {
        const next = new Map<string, AccountQuota>();
        for (const [accountId, result] of results) {
          const kept = result.ok ? result.value : previous.get(accountId);
          if (kept !== undefined) next.set(accountId, kept);
        }
        return next;
      });
    });
    return () => {
      active = false;
    };
  }, [api, imapIds, version]);
  useApiEvent('status', (status) => {
    if (status.state === 'idle' && status.accountId !== null) refresh();
  });
  return quotas;
}
