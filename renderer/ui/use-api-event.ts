import { useEffect, useEffectEvent } from 'react';
import type { EventMap, EventName } from '../../shared/events.ts';
import { useApi } from '../api/api-context.tsx';

// Subscribes for the component's lifetime; the latest listener always runs,
// without resubscribing on every render.
export function useApiEvent<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): void {
  const api = useApi();
  const onEvent = useEffectEvent(listener);
  useEffect(() => api.on(event, (payload) => { onEvent(payload); }), [api, event]);
}
