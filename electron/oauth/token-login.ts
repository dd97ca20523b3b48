// One retry for a refused access token: the server may have been told it was revoked, or its
// clock may disagree with ours about when it ran out. A second refusal is final and says what
// the user can do, which a password's wording ("check the password") would not.
import { LetterboxError } from '../../shared/errors.ts';

export type TokenLoginSettings = {
  readonly host: string;
  readonly username: string;
  // With an OAuth2 account: the bearer token sent by XOAUTH2 or OAUTHBEARER instead of a password.
  readonly accessToken?: string;
  // A new token after `accessToken` was refused (electron/oauth/oauth-tokens.ts).
  readonly renewAccessToken?: () => Promise<string>;
};

export function signInAgainError(settings: TokenLoginSettings): LetterboxError {
  return new LetterboxError(
    'auth-failed',
    `${settings.host} refused the sign-in of ${settings.username}: the access was revoked or has ended. Sign in again in the account settings.`,
  );
}

function refused(error: unknown): boolean {
  return error instanceof LetterboxError && error.code === 'auth-failed';
}

export async function withTokenRenewal<S extends TokenLoginSettings, T>(settings: S, open: (settings: S) => Promise<T>): Promise<T> {
  if (settings.accessToken === undefined) return open(settings);
  try {
    return await open(settings);
  } catch (error) {
    if (!refused(error)) throw error;
    if (settings.renewAccessToken === undefined) throw signInAgainError(settings);
    // A refused refresh (invalid_grant) already says to sign in again.
    const accessToken = await settings.renewAccessToken();
    try {
      return await open({ ...settings, accessToken, renewAccessToken: undefined });
    } catch (retryError) {
      if (refused(retryError)) throw signInAgainError(settings);
      throw retryError;
    }
  }
}
