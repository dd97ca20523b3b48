// The widths of the main window's panes (folder list | message list | reader), in CSS
// pixels, dragged by the user and kept in the settings (issue 8: "remembers … pane widths").
// The reader takes what is left.
import { z } from 'zod';

export type Pane = 'folders' | 'list';
export type PaneWidths = { readonly folders: number; readonly list: number };

export const paneWidthLimits: Readonly<Record<Pane, { readonly min: number; readonly max: number }>> = {
  folders: { min: 140, max: 480 },
  list: { min: 220, max: 900 },
};

export const DEFAULT_PANE_WIDTHS: PaneWidths = { folders: 220, list: 380 };

export const paneWidthsSchema = z
  .object({
    folders: z.number().int().min(paneWidthLimits.folders.min).max(paneWidthLimits.folders.max),
    list: z.number().int().min(paneWidthLimits.list.min).max(paneWidthLimits.list.max),
  })
  .strict();

export function clampPaneWidth(pane: Pane, width: number): number {
  const { min, max } = paneWidthLimits[pane];
  return Math.round(Math.min(max, Math.max(min, Number.isFinite(width) ? width : min)));
}
