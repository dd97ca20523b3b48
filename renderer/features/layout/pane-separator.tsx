import { useRef, type CSSProperties } from 'react';
import { paneWidthLimits, type Pane } from '../../../shared/settings/pane-widths.ts';
import { resizedByDrag, resizedByKey } from './pane-resize.ts';
import type { PaneWidthsControl } from './use-pane-widths.ts';

const labels: Readonly<Record<Pane, string>> = { folders: 'Resize folder list', list: 'Resize message list' };

// The draggable edge on the right of a pane: a focusable separator (WAI-ARIA window
// splitter) whose value is the pane's width in pixels.
export function PaneSeparator({ pane, control }: { readonly pane: Pane; readonly control: PaneWidthsControl }) {
  const drag = useRef<{ readonly x: number; readonly width: number } | null>(null);
  const width = control.widths[pane];
  const style = { gridArea: pane === 'folders' ? 'sidebar' : 'list' } satisfies CSSProperties;
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={labels[pane]}
      aria-valuenow={width}
      aria-valuemin={paneWidthLimits[pane].min}
      aria-valuemax={paneWidthLimits[pane].max}
      tabIndex={0}
      className="pane-separator"
      style={style}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { x: event.clientX, width };
      }}
      onPointerMove={(event) => {
        const start = drag.current;
        if (start !== null) control.preview(pane, resizedByDrag(pane, start.width, start.x, event.clientX));
      }}
      onPointerUp={(event) => {
        const start = drag.current;
        if (start === null) return;
        drag.current = null;
        control.commit(pane, resizedByDrag(pane, start.width, start.x, event.clientX));
      }}
      onPointerCancel={() => {
        const start = drag.current;
        drag.current = null;
        if (start !== null) control.preview(pane, start.width);
      }}
      onKeyDown={(event) => {
        const next = resizedByKey(pane, event.key, width, event.shiftKey);
        if (next === null) return;
        event.preventDefault();
        control.commit(pane, next);
      }}
    />
  );
}
