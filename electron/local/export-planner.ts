// Exports from any folder (a folder as mbox, a message as .eml): planned here and streamed by
// main (begin-export.ts). Imports are mail-import.ts's.
import type { BeginExportArgs } from '../../shared/local/begin-export.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { Store } from '../store/store.ts';
import { sharedExportEncoding, type ExportEncoding } from './export-encoding-pool.ts';
import { emlPlan, mboxPlan, type ExportItem, type ExportPlan } from './export-writer.ts';

export type ExportPlannerOptions = {
  readonly store: Store;
  // The exact bytes of any message (its Maildir file, the cache, or the server), read for
  // one message of an export alone and handed to its encoding thread (export-encoding-pool.ts).
  readonly sourceOf: (messageId: string) => Promise<Buffer>;
  // The encoding thread; the process's own unless a test gives one.
  readonly encoding?: ExportEncoding;
};

export type ExportPlanner = {
  // The export's name and messages, fixed now; its bytes are read as it is written.
  planExport(what: BeginExportArgs): Promise<ExportPlan>;
};

// A file name from a subject or folder name: no path separators or control characters.
export function safeFileName(name: string, extension: string, fallback: string): string {
  // Everything outside printable ASCII and the non-control rest of Unicode, and the
  // characters Windows forbids in names, becomes a space.
  const cleaned = name
    .replace(/[^ -~\u00a0-\u{10ffff}]|[/\\:*?"<>|]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .slice(0, 120)
    .trim();
  return `${cleaned === '' ? fallback : cleaned}.${extension}`;
}

export function createExportPlanner(options: ExportPlannerOptions): ExportPlanner {
  const { store } = options;
  const encoding = () => options.encoding ?? sharedExportEncoding();

  // Only what each mbox entry needs, so a folder of any size lists in little memory.
  async function exportItems(folderId: string): Promise<readonly ExportItem[]> {
    const items: (ExportItem & { readonly uid: number })[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await store.messages.listPage(folderId, offset, 1000);
      if (page === null) throw new LetterboxError('not-found', 'That folder no longer exists.');
      for (const item of page.items) items.push({ id: item.id, sender: item.from?.address ?? null, date: item.date, uid: item.uid });
      if (page.items.length < 1000) break;
    }
    // Oldest first, as mbox files grow.
    return items.sort((a, b) => a.date - b.date || a.uid - b.uid);
  }

  return {
    async planExport(what) {
      const sources = { sourceOf: options.sourceOf, encoding };
      if ('messageId' in what) {
        const message = await store.messages.get(what.messageId);
        if (message === null) throw new LetterboxError('not-found', 'That message is no longer here.');
        return emlPlan(safeFileName(message.subject, 'eml', 'message'), what.messageId, sources);
      }
      const folder = await store.folders.get(what.folderId);
      if (folder === null) throw new LetterboxError('not-found', 'That folder no longer exists.');
      return mboxPlan(safeFileName(folder.name, 'mbox', 'folder'), await exportItems(what.folderId), sources);
    },
  };
}
