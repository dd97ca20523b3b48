// The add-account form's values as an OAuth2 sign-in's account (finishOAuthSignIn): the same
// checks as with a password, without the password, which the sign-in stands in for.
import type { OAuthAccountArgs } from '../../../shared/oauth/oauth-schemas.ts';
import { toAddAccountArgs, type AccountFormState } from './account-form-model.ts';

export type OAuthFormResult = { readonly ok: true; readonly args: OAuthAccountArgs } | { readonly ok: false; readonly message: string };

export function toOAuthAccountArgs(state: AccountFormState): OAuthFormResult {
  // Any non-empty text passes the password check; it is dropped below and never sent.
  const built = toAddAccountArgs({ ...state, password: 'unused' });
  if (!built.ok) return built;
  const { email, incoming, outgoing } = built.args;
  if (built.args.kind === 'imap') return { ok: true, args: { kind: 'imap', email, incoming, outgoing } };
  return { ok: true, args: { kind: 'pop3', email, incoming, outgoing, ...(built.args.pop3 === undefined ? {} : { pop3: built.args.pop3 }) } };
}
