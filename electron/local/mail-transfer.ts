// Import into Local Folders (mbox, .eml) and export from any folder (a folder as mbox, a
// message as .eml). Imports travel as bytes in the contract, never as paths: the page reads
// what the user picked. Exports are planned here and streamed by main (begin-export.ts).
import type { ImportReport } from '../../shared/local/local-types.ts';
import type { BeginExportArgs } from '../../shared/local/begin-export.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { Store } from '../store/store.ts';
import { sharedExportEncoding, type ExportEncoding } from './export-encoding-pool.ts';
import { emlPlan, mboxPlan, type ExportItem, type ExportPlan } from './export-writer.ts';
import type { LocalFolders } from './local-folders.ts';
import { looksLikeMbox, parseMbox, type MboxFormat } from './mbox-format.ts';

// Messages per delivery: one transaction and one directory fsync each.
const IMPORT_BATCH = 50;

export type MailTransferOptions = {
  readonly store: Store;
  readonly local: LocalFolders;
  // The exact bytes of any message (its Maildir file, the cache, or the server), read for
  // one message of an export alone and handed to its encoding thread (export-encoding-pool.ts).
  readonly sourceOf: (messageId: string) => Promise<Buffer>;
  // The encoding thread; the process's own unless a test gives one.
  readonly encoding?: ExportEncoding;
};

export type MailTransfer = {
  importFiles(folderId: string, files: readonly { readonly fileName: string; readonly bytes: Buffer }[], format?: MboxFormat): Promise<ImportReport>;
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

// mbox's own read marker (the Status: header mutt and others write): "R" means read.
function markedRead(source: Buffer): boolean {
  const end = source.indexOf('\r\n\r\n') >= 0 ? source.indexOf('\r\n\r\n') : source.indexOf('\n\n');
  const header = source.subarray(0, end < 0 ? Math.min(source.length, 64 * 1024) : end).toString('latin1');
  return /^Status:[^\n]*R/im.test(header);
}

export function createMailTransfer(options: MailTransferOptions): MailTransfer {
  const { store, local } = options;
  const encoding = () => options.encoding ?? sharedExportEncoding();

  async function requireLocalFolder(folderId: string): Promise<void> {
    const folder = await store.folders.get(folderId);
    if (folder === null || folder.accountId !== (await local.account()).accountId || !folder.selectable) {
      throw new LetterboxError('invalid-argument', 'Mail can be imported only into a folder under Local Folders.');
    }
  }

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
    async importFiles(folderId, files, format = 'mboxrd') {
      await requireLocalFolder(folderId);
      const sources = files.flatMap((file) => (looksLikeMbox(file.bytes) ? parseMbox(file.bytes, format) : file.bytes.length > 0 ? [file.bytes] : []));
      if (sources.length === 0) throw new LetterboxError('invalid-argument', 'These files hold no messages.');
      for (let start = 0; start < sources.length; start += IMPORT_BATCH) {
        const batch = sources.slice(start, start + IMPORT_BATCH);
        await local.deliver(
          folderId,
          batch.map((source) => ({ source, size: source.length, ledger: null, seen: markedRead(source) })),
        );
      }
      return { imported: sources.length };
    },
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
