// Import into Local Folders (mbox, .eml) and export from any folder (a folder as mbox, a
// message as .eml). Files travel as bytes in the contract, never as paths: the page reads
// what the user picked and offers what it gets back as a download (conventions.md).
import type { ExportedFile, ImportReport } from '../../shared/local/local-types.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { StoredMessage } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import { sharedExportEncoding, type ExportEncoding, type MboxSource } from './export-encoding-pool.ts';
import type { LocalFolders } from './local-folders.ts';
import { looksLikeMbox, parseMbox, type MboxFormat } from './mbox-format.ts';

// Messages per delivery: one transaction and one directory fsync each.
const IMPORT_BATCH = 50;
// What one export may hold: it crosses the contract in one answer.
const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

export type MailTransferOptions = {
  readonly store: Store;
  readonly local: LocalFolders;
  // The exact bytes of any message (its Maildir file, the cache, or the server), read for
  // this call alone: an export hands them to its encoding thread (export-encoding-pool.ts).
  readonly sourceOf: (messageId: string) => Promise<Buffer>;
  // The encoding thread; the process's own unless a test gives one.
  readonly encoding?: ExportEncoding;
};

export type MailTransfer = {
  importFiles(folderId: string, files: readonly { readonly fileName: string; readonly bytes: Buffer }[], format?: MboxFormat): Promise<ImportReport>;
  exportFolder(folderId: string): Promise<ExportedFile>;
  exportMessage(messageId: string): Promise<ExportedFile>;
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

  async function allMessages(folderId: string): Promise<readonly StoredMessage[]> {
    const messages: StoredMessage[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await store.messages.listPage(folderId, offset, 1000);
      if (page === null) throw new LetterboxError('not-found', 'That folder no longer exists.');
      for (const item of page.items) {
        const stored = await store.messages.get(item.id);
        if (stored !== null) messages.push(stored);
      }
      if (page.items.length < 1000) break;
    }
    // Oldest first, as mbox files grow.
    return messages.sort((a, b) => a.date - b.date || a.uid - b.uid);
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
    async exportFolder(folderId) {
      const folder = await store.folders.get(folderId);
      if (folder === null) throw new LetterboxError('not-found', 'That folder no longer exists.');
      const tooLarge = () =>
        new LetterboxError('invalid-argument', `"${folder.name}" is too large to export in one file (over 256 MB). Move some of its messages into another folder first.`);
      const entries: MboxSource[] = [];
      let total = 0;
      const messages = await allMessages(folderId);
      for (const message of messages) {
        const source = await options.sourceOf(message.id);
        // An entry is never shorter than its message: past the limit here, past it there.
        total += source.length;
        if (total > MAX_EXPORT_BYTES) throw tooLarge();
        entries.push({ sender: message.from?.address ?? null, date: new Date(message.date), source });
      }
      const base64 = await encoding().mbox(entries, MAX_EXPORT_BYTES);
      if (base64 === null) throw tooLarge();
      return { fileName: safeFileName(folder.name, 'mbox', 'folder'), contentType: 'application/mbox', base64, messageCount: messages.length };
    },
    async exportMessage(messageId) {
      const message = await store.messages.get(messageId);
      if (message === null) throw new LetterboxError('not-found', 'That message is no longer here.');
      const source = await options.sourceOf(messageId);
      return { fileName: safeFileName(message.subject, 'eml', 'message'), contentType: 'message/rfc822', base64: await encoding().eml(source), messageCount: 1 };
    },
  };
}
