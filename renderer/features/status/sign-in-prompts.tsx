// Beside the status line: for each account that signs in with its provider and whose sign-in
// was refused, what happened and "Sign in again" (as other mail apps ask for it).
import type { Account } from '../../../shared/domain.ts';
import { SignInAgain } from '../accounts/sign-in-again.tsx';
import { useAccounts } from '../accounts/use-accounts.ts';

export function SignInPrompts({ accountIds, onSignedIn }: { readonly accountIds: ReadonlySet<string>; readonly onSignedIn: (accountId: string) => void }) {
  const { accounts } = useAccounts();
  const waiting = (accounts ?? []).filter((account: Account) => accountIds.has(account.id) && account.auth?.kind === 'oauth2');
  return (
    <>
      {waiting.map((account) => (
        <div key={account.id} role="group" aria-label={`Sign-in needed for ${account.email}`} className="sign-in-prompt">
          <span>{account.email} needs a new sign-in.</span>
          <SignInAgain account={account} onSignedIn={() => { onSignedIn(account.id); }} />
        </div>
      ))}
    </>
  );
}
