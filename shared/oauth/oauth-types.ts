// OAuth2 sign-in as the renderer sees it (electron/oauth/): which provider a server needs,
// and a sign-in waiting for the system browser. Plain data; no token ever crosses here.

export type OAuthProviderInfo = {
  readonly id: string;
  readonly name: string;
  // False where this copy of Letterbox has no client id for the provider (see the README):
  // the form can say so instead of starting a sign-in that cannot work.
  readonly configured: boolean;
};

export type OAuthSignInStart = {
  // Names this sign-in for finishOAuthSignIn and cancelOAuthSignIn.
  readonly signInId: string;
  // The provider's authorization page; browser mode opens it itself when opened is false.
  readonly url: string;
  readonly opened: boolean;
};

// A sign-in again for an account (startOAuthSignInAgain): the page can name the provider,
// which the account itself only knows by id.
export type OAuthSignInAgainStart = OAuthSignInStart & { readonly providerName: string };
