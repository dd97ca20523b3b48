import { useEffect, useState } from 'react';
import { DEFAULT_PANE_WIDTHS, type Pane, type PaneWidths } from '../../../shared/settings/pane-widths.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';

export type PaneWidthsControl = {
  readonly widths: PaneWidths;
  // While dragging: shown at once, not stored.
  readonly preview: (pane: Pane, width: number) => void;
  // The drag ended, or a key moved the edge: stored in the settings, so a reload or the
  // next start opens with the same widths.
  readonly commit: (pane: Pane, width: number) => void;
};

export function usePaneWidths(): PaneWidthsControl {
  const api = useApi();
  const [widths, setWidths] = useState<PaneWidths>(DEFAULT_PANE_WIDTHS);
  useEffect(() => {
    let active = true;
    void api.invoke('getSettings', {}).then((result) => {
      if (active && result.ok) setWidths(result.value.paneWidths);
    });
    return () => {
      active = false;
    };
  }, [api]);
  useApiEvent('settingsChanged', (settings) => {
    setWidths(settings.paneWidths);
  });
  return {
    widths,
    preview(pane, width) {
      setWidths((current) => ({ ...current, [pane]: width }));
    },
    commit(pane, width) {
      const next = { ...widths, [pane]: width };
      setWidths(next);
      void api.invoke('updateSettings', { paneWidths: next });
    },
  };
}
