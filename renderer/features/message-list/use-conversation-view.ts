import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { DEFAULT_SETTINGS } from '../../../shared/settings/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';

export type ConversationView = {
  // null until the stored setting is known, so the list is not loaded twice at start.
  readonly on: boolean | null;
  readonly error: AppError | null;
  readonly set: (on: boolean) => void;
};

// The Conversations switch of the message list, kept in the app's settings (the store), so
// it survives a restart and every window follows it (settingsChanged).
export function useConversationView(): ConversationView {
  const api = useApi();
  const [on, setOn] = useState<boolean | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let active = true;
    void api.invoke('getSettings', {}).then((result) => {
      if (!active) return;
      // Without the settings the list still works, in the default view.
      setOn(result.ok ? result.value.conversationView : DEFAULT_SETTINGS.conversationView);
    });
    return () => {
      active = false;
    };
  }, [api]);
  useApiEvent('settingsChanged', (settings) => {
    setOn(settings.conversationView);
  });
  return {
    on,
    error,
    set(next) {
      setOn(next);
      void api.invoke('updateSettings', { conversationView: next }).then((result) => {
        if (result.ok) {
          setError(null);
          setOn(result.value.conversationView);
        } else {
          setError(result.error);
          setOn(!next);
        }
      });
    },
  };
}
