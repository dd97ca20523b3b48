import { useEffect, useState } from 'react';
import type { Message } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';

export type MessageState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly message: Message }
  | { readonly kind: 'failed'; readonly error: AppError };

// Mount keyed by message id, so each message starts in 'loading'.
export function useMessage(messageId: string): MessageState {
  const api = useApi();
  const [state, setState] = useState<MessageState>({ kind: 'loading' });
  useEffect(() => {
    let active = true;
    void api.invoke('getMessage', { messageId }).then((result) => {
      if (!active) return;
      setState(result.ok ? { kind: 'ready', message: result.value } : { kind: 'failed', error: result.error });
    });
    return () => {
      active = false;
    };
  }, [api, messageId]);
  return state;
}
