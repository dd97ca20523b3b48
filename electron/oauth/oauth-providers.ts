// Providers that refuse plain passwords for IMAP, POP3 and SMTP, as data: where to send the
// browser, where to exchange and refresh tokens, what to ask for, and which mail hosts
// belong to them. Letterbox has no client ids registered with these providers yet, so each
// comes from the environment of the process that runs the service (README, "OAuth2 sign-in"):
// without one the provider is listed but cannot be used, and says so.
export type OAuthProvider = {
  readonly id: string;
  readonly name: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly scopes: readonly string[];
  readonly clientId: string | null;
  // Google's "desktop app" clients come with a secret that is not secret (RFC 8252 8.5);
  // it is sent because Google's token endpoint asks for it.
  readonly clientSecret?: string;
  // Server names (lower case; "*." for any subdomain) that only take this provider's tokens.
  readonly hosts: readonly string[];
  // More authorization request parameters (RFC 6749 3.1 allows them), e.g. to get a refresh token.
  readonly authorizationParams?: Readonly<Record<string, string>>;
};

type Environment = Readonly<Record<string, string | undefined>>;

function fromEnvironment(environment: Environment, name: string): string | null {
  const value = environment[name]?.trim();
  return value === undefined || value === '' ? null : value;
}

export function builtInProviders(environment: Environment = process.env): readonly OAuthProvider[] {
  const googleSecret = fromEnvironment(environment, 'LETTERBOX_OAUTH_GOOGLE_CLIENT_SECRET');
  return [
    {
      id: 'google',
      name: 'Google',
      authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenEndpoint: 'https://oauth2.googleapis.com/token',
      // The one scope Gmail's IMAP, POP3 and SMTP accept.
      scopes: ['https://mail.google.com/'],
      clientId: fromEnvironment(environment, 'LETTERBOX_OAUTH_GOOGLE_CLIENT_ID'),
      ...(googleSecret === null ? {} : { clientSecret: googleSecret }),
      hosts: ['imap.gmail.com', 'pop.gmail.com', 'smtp.gmail.com', 'imap.googlemail.com', 'pop.googlemail.com', 'smtp.googlemail.com'],
      // A refresh token is given only with offline access, and again only after consent.
      authorizationParams: { access_type: 'offline', prompt: 'consent' },
    },
    {
      id: 'microsoft',
      name: 'Microsoft',
      authorizationEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      tokenEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      scopes: [
        'https://outlook.office.com/IMAP.AccessAsUser.All',
        'https://outlook.office.com/POP.AccessAsUser.All',
        'https://outlook.office.com/SMTP.Send',
        'offline_access',
      ],
      clientId: fromEnvironment(environment, 'LETTERBOX_OAUTH_MICROSOFT_CLIENT_ID'),
      hosts: ['outlook.office365.com', 'smtp.office365.com', 'imap-mail.outlook.com', 'pop-mail.outlook.com', 'smtp-mail.outlook.com'],
    },
  ];
}

export function providerForHost(providers: readonly OAuthProvider[], host: string): OAuthProvider | null {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  return (
    providers.find((provider) =>
      provider.hosts.some((pattern) => (pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) : name === pattern)),
    ) ?? null
  );
}

// RFC 6749 4.1.1 with RFC 7636 4.3: the URL the system browser opens.
export function authorizationUrl(
  provider: OAuthProvider,
  request: { readonly clientId: string; readonly redirectUri: string; readonly state: string; readonly challenge: string; readonly loginHint: string | null },
): string {
  const url = new URL(provider.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: provider.scopes.join(' '),
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
    ...(request.loginHint === null ? {} : { login_hint: request.loginHint }),
    ...provider.authorizationParams,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}
