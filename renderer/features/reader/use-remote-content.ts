import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { RemoteContentPolicy, RemoteContentScope } from '../../../shared/remote-content/remote-content-types.ts';
import { useApi } from '../../api/api-context.tsx';

export type RemoteContentState = {
  readonly allowed: boolean;
  readonly policy: RemoteContentPolicy | null;
  readonly error: AppError | null;
  allow(scope: RemoteContentScope): Promise<void>;
};

// Whether this message may load remote images: the choice kept in main (this message,
// its sender, its domain). Until main answers, nothing remote loads.
export function useRemoteContent(messageId: string): RemoteContentState {
  const api = useApi();
  const [policy, setPolicy] = useState<RemoteContentPolicy | null>(null);
  const [allowed, setAllowed] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let active = true;
    void api.invoke('getRemoteContentPolicy', { messageId }).then((result) => {
      if (!active || !result.ok) return;
      setPolicy(result.value);
      if (result.value.allowed) setAllowed(true);
    });
    return () => {
      active = false;
    };
  }, [api, messageId]);
  return {
    allowed,
    policy,
    error,
    async allow(scope) {
      const result = await api.invoke('allowRemoteContent', { messageId, scope });
      if (result.ok) {
        setError(null);
        setAllowed(true);
      } else {
        setError(result.error);
      }
    },
  };
}
