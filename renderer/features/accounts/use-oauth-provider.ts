// Which sign-in provider the incoming server needs (Gmail, Microsoft 365), asked of main as
// the server name settles; null while none or while the name is being typed.
import { useEffect, useState } from 'react';
import type { OAuthProviderInfo } from '../../../shared/oauth/oauth-types.ts';
import { useApi } from '../../api/api-context.tsx';

const SETTLE_MS = 250;

export function useOAuthProvider(host: string): OAuthProviderInfo | null {
  const api = useApi();
  const [provider, setProvider] = useState<OAuthProviderInfo | null>(null);
  useEffect(() => {
    const name = host.trim();
    let current = true;
    const timer = setTimeout(() => {
      if (name.length === 0) {
        setProvider(null);
        return;
      }
      void api.invoke('findOAuthProvider', { host: name }).then((result) => {
        if (current) setProvider(result.ok ? result.value : null);
      });
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, host]);
  return provider;
}
