import { useState } from 'react';
import type { AppSettings, Theme } from '../../../shared/settings/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

const themeLabels: Readonly<Record<Theme, string>> = {
  system: 'Same as the system',
  light: 'Light',
  dark: 'Dark',
};

// Settings → Appearance: the theme, applied by every window as soon as main confirms it.
export function AppearanceSettings({ theme, onSaved }: { readonly theme: Theme; readonly onSaved: (settings: AppSettings) => void }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  // Shown at once; the stored value takes over when main answers (or the old one on failure).
  const [pending, setPending] = useState<Theme | null>(null);
  const shown = pending ?? theme;
  async function choose(next: Theme) {
    setPending(next);
    const result = await api.invoke('updateSettings', { theme: next });
    setPending(null);
    if (result.ok) {
      setError(null);
      onSaved(result.value);
    } else setError(result.error.message);
  }
  return (
    <fieldset className="settings-form">
      <legend>Theme</legend>
      {(Object.keys(themeLabels) as Theme[]).map((value) => (
        <label key={value} className="settings-choice">
          <input type="radio" name="theme" value={value} checked={shown === value} onChange={() => void choose(value)} />
          {themeLabels[value]}
        </label>
      ))}
      {error === null ? null : <ErrorAlert title="The theme was not changed." message={error} />}
    </fieldset>
  );
}
