import { ErrorAlert } from './error-alert.tsx';
import type { ExportView } from './export-outcome.ts';

// An export's note as a status (read out when it changes from "Downloading…" to
// "Downloaded…"), or its failure as an alert.
export function ExportOutcomeStatus({ view }: { readonly view: ExportView | null }) {
  if (view === null) return null;
  if (view.kind === 'note') {
    return (
      <p role="status" className="hint export-outcome">
        {view.text}
      </p>
    );
  }
  return <ErrorAlert title={view.title} message={view.message} action={view.action} />;
}
