// Moving a pane's edge from the keyboard, as the WAI-ARIA window splitter pattern has it:
// arrows move by a step (a bigger one with Shift), Home and End go to the limits.
import { clampPaneWidth, paneWidthLimits, type Pane } from '../../../shared/settings/pane-widths.ts';

export const resizeStep = 16;

export function resizedByKey(pane: Pane, key: string, width: number, shiftKey = false): number | null {
  const step = shiftKey ? resizeStep * 4 : resizeStep;
  switch (key) {
    case 'ArrowLeft':
      return clampPaneWidth(pane, width - step);
    case 'ArrowRight':
      return clampPaneWidth(pane, width + step);
    case 'Home':
      return paneWidthLimits[pane].min;
    case 'End':
      return paneWidthLimits[pane].max;
    default:
      return null;
  }
}

// A drag moves the edge by as much as the pointer moved since it went down.
export function resizedByDrag(pane: Pane, startWidth: number, startX: number, x: number): number {
  return clampPaneWidth(pane, startWidth + (x - startX));
}
