import type { Account } from '../../../shared/domain.ts';
import { quotaMeterView } from './quota-meter-model.ts';
import { useQuotas } from './use-quotas.ts';

function accountName(account: Account): string {
  return account.name.length > 0 ? account.name : account.email;
}

// The sidebar's storage section: one meter per account whose server has a quota
// (RFC 9208), warning from 90% on, before mail starts to bounce.
export function QuotaMeters({ accounts }: { readonly accounts: readonly Account[] }) {
  const quotas = useQuotas(accounts);
  const meters = accounts.flatMap((account) => {
    const quota = quotas.get(account.id);
    const view = quota === undefined ? null : quotaMeterView(quota);
    return view === null ? [] : [{ account, view }];
  });
  if (meters.length === 0) return null;
  return (
    <section className="quota-meters" aria-label="Mailbox storage">
      <h2 className="sidebar-heading">Storage</h2>
      {meters.map(({ account, view }) => {
        const name = accountName(account);
        return (
          <div key={account.id} className={view.warning ? 'quota near-limit' : 'quota'}>
            <div className="quota-text">
              <span className="quota-account">{name}</span>
              <span>{view.text}</span>
            </div>
            <div
              role="meter"
              aria-label={`Storage used by ${name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={view.percent}
              aria-valuetext={`${view.text} (${view.percent}%)${view.warning ? ', almost full' : ''}`}
              className="quota-bar"
            >
              <span style={{ width: `${view.percent}%` }} />
            </div>
            {view.warning ? <p className="quota-warning">Almost full: delete some mail or empty the Trash, or new mail may bounce.</p> : null}
          </div>
        );
      })}
    </section>
  );
}
