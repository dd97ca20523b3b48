import { useCallback, useRef, useState } from 'react';
import type { ExportOutcome } from '../../shared/local/begin-export.ts';
import { exportEndedView, exportNote, followExport, type ExportView } from './export-outcome.ts';
import { useApiEvent } from './use-api-event.ts';

export type ExportOutcomeState = {
  readonly view: ExportView | null;
  // beginExport's answer: follows a download's link, and says what happened.
  readonly show: (outcome: ExportOutcome) => void;
  readonly clear: () => void;
};

// What the place that started an export says about it: saved (Electron), or downloading and
// then how the download ended (browser mode, the exportDownloadEnded event with the
// downloadId this page was given; other pages' downloads are not its to tell).
export function useExportOutcome(): ExportOutcomeState {
  const [view, setView] = useState<ExportView | null>(null);
  // downloadId -> file name, for the downloads this place started and not yet heard of.
  const waiting = useRef(new Map<string, string>());

  useApiEvent('exportDownloadEnded', (ended) => {
    const fileName = waiting.current.get(ended.downloadId);
    if (fileName === undefined) return;
    waiting.current.delete(ended.downloadId);
    setView(exportEndedView(fileName, ended));
  });

  const show = useCallback((outcome: ExportOutcome) => {
    if (outcome.kind === 'download') waiting.current.set(outcome.downloadId, outcome.fileName);
    followExport(outcome);
    const note = exportNote(outcome);
    setView(note === null ? null : { kind: 'note', text: note });
  }, []);
  const clear = useCallback(() => {
    setView(null);
  }, []);
  return { view, show, clear };
}
