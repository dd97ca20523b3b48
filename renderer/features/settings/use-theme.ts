import { useEffect } from 'react';
import type { Theme } from '../../../shared/settings/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';

// Settings → Appearance on the page: <html data-theme="light|dark|system">. styles.css
// follows prefers-color-scheme for "system" and forces the others; in Electron main also
// sets nativeTheme.themeSource, which moves prefers-color-scheme with it.
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export function useTheme(): void {
  const api = useApi();
  useEffect(() => {
    let active = true;
    void api.invoke('getSettings', {}).then((result) => {
      if (active && result.ok) applyTheme(result.value.theme);
    });
    return () => {
      active = false;
    };
  }, [api]);
  useApiEvent('settingsChanged', (settings) => {
    applyTheme(settings.theme);
  });
}
