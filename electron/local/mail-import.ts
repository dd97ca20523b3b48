// Imports of mbox and .eml files into Local Folders, read as the page sends them: chunks of
// a few MB (shared/local/import-schemas.ts), each split into messages as it arrives
// (mbox-splitter.ts) and its complete messages delivered at once. Main holds one chunk and
// one message per import, never a file, and no request costs its event loop more than a few
// ms of decoding and splitting (issue 9, hostile sizes).
import { randomUUID } from 'node:crypto';
import { LetterboxError } from '../../shared/errors.ts';
import type { BeginImportArgs, EndImportArgs, ImportChunkArgs } from '../../shared/local/import-schemas.ts';
import type { ImportReport } from '../../shared/local/local-types.ts';
import type { LocalFolders } from './local-folders.ts';
import type { MboxFormat } from './mbox-format.ts';
import { createMboxSplitter, type MboxSplitter } from './mbox-splitter.ts';

// Messages per delivery: one transaction and one directory fsync each.
const deliveryBatch = 50;
// IMAP's own limit on one message (imap-limits.ts maxLiteralSize): a larger one could not be
// uploaded to a server either, and an import holds each message whole once.
export const maxImportMessageBytes = 256 * 1024 * 1024;
// An import the page stopped sending (closed, reloaded) is dropped after this long idle.
const idleMs = 15 * 60 * 1000;
const maxOpenImports = 4;

export type MailImportsOptions = {
  readonly local: LocalFolders;
  // Refuses a folder that is not a selectable folder of Local Folders.
  readonly requireLocalFolder: (folderId: string) => Promise<void>;
  // Once messages of an import are in its folder: the list shows them as they arrive.
  readonly delivered: (folderId: string) => void;
  readonly now?: () => number;
};

export type MailImports = {
  begin(args: BeginImportArgs): Promise<{ readonly importId: string }>;
  chunk(args: ImportChunkArgs): Promise<ImportReport>;
  end(args: EndImportArgs): Promise<ImportReport>;
};

// One file's messages: an mbox (its first line a From_ line) split as it arrives, or one
// message (.eml) held until the file ends.
type FileReader = { push(chunk: Buffer): Buffer[]; end(): Buffer[] };

function createFileReader(format: MboxFormat): FileReader {
  let head: Buffer[] = [];
  let headBytes = 0;
  let mbox: MboxSplitter | null = null;
  let decided = false;

  function grow(chunk: Buffer): void {
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes > maxImportMessageBytes) throw new RangeError(`a message is larger than ${maxImportMessageBytes / (1024 * 1024)} MB`);
  }

  function decide(): Buffer[] {
    decided = true;
    const start = Buffer.concat(head, headBytes);
    if (start.subarray(0, 5).toString('latin1') !== 'From ') return [];
    mbox = createMboxSplitter(format, maxImportMessageBytes);
    head = [];
    headBytes = 0;
    return mbox.push(start);
  }

  return {
    push(chunk) {
      if (mbox !== null) return mbox.push(chunk);
      grow(chunk);
      // "From " decides: fewer bytes than that wait for the next chunk.
      return !decided && headBytes >= 5 ? decide() : [];
    },
    end() {
      const done = decided ? [] : decide();
      if (mbox !== null) return [...done, ...mbox.end()];
      return headBytes > 0 ? [Buffer.concat(head, headBytes)] : [];
    },
  };
}

// mbox's own read marker (the Status: header mutt and others write): "R" means read.
export function markedRead(source: Buffer): boolean {
  const crlf = source.indexOf('\r\n\r\n');
  const end = crlf >= 0 ? crlf : source.indexOf('\n\n');
  const header = source.subarray(0, end < 0 ? Math.min(source.length, 64 * 1024) : end).toString('latin1');
  return /^Status:[^\n]*R/im.test(header);
}

type Session = {
  readonly folderId: string;
  readonly format: MboxFormat;
  // The file being read (its index), and whether its last chunk is still to come.
  file: number;
  reader: FileReader | null;
  imported: number;
  lastUsed: number;
  // Requests of one import run one after another, whatever order they arrive in.
  queue: Promise<unknown>;
};

export function createMailImports(options: MailImportsOptions): MailImports {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();

  function open(importId: string): Session {
    const session = sessions.get(importId);
    if (session === undefined) throw new LetterboxError('not-found', 'This import has ended. Choose the files again to import them.');
    session.lastUsed = now();
    return session;
  }

  // The import's requests one after another; an ended import is refused as a rejection.
  async function serially<T>(importId: string, work: (session: Session) => T | Promise<T>): Promise<T> {
    const session = open(importId);
    const result = session.queue.then(() => {
      if (sessions.get(importId) !== session) throw new LetterboxError('not-found', 'This import has ended. Choose the files again to import them.');
      return work(session);
    });
    session.queue = result.catch(() => undefined);
    return await result;
  }

  async function deliver(session: Session, messages: readonly Buffer[]): Promise<void> {
    for (let start = 0; start < messages.length; start += deliveryBatch) {
      const batch = messages.slice(start, start + deliveryBatch);
      await options.local.deliver(
        session.folderId,
        batch.map((source) => ({ source, size: source.length, ledger: null, seen: markedRead(source) })),
      );
      session.imported += batch.length;
    }
    if (messages.length > 0) options.delivered(session.folderId);
  }

  // A failed import ends: what it delivered stays, and a retried chunk must not deliver twice.
  function stopped(importId: string, session: Session, fileName: string, error: unknown): Error {
    sessions.delete(importId);
    const count = session.imported === 1 ? '1 message was' : `${session.imported.toLocaleString('en-US')} messages were`;
    const before = session.imported === 0 ? '' : ` ${count} imported before it stopped.`;
    if (error instanceof RangeError) {
      return new LetterboxError('invalid-argument', `${fileName}: ${error.message}, more than Letterbox imports.${before}`);
    }
    if (error instanceof LetterboxError) return new LetterboxError(error.code, `${error.message}${before}`);
    return error instanceof Error ? error : new Error(String(error));
  }

  return {
    async begin({ folderId, mboxFormat }) {
      await options.requireLocalFolder(folderId);
      for (const [id, session] of sessions) if (now() - session.lastUsed > idleMs) sessions.delete(id);
      if (sessions.size >= maxOpenImports) throw new LetterboxError('invalid-argument', 'Other imports are still running. Wait for them to finish, then try again.');
      const importId = randomUUID();
      sessions.set(importId, { folderId, format: mboxFormat ?? 'mboxrd', file: -1, reader: null, imported: 0, lastUsed: now(), queue: Promise.resolve() });
      return { importId };
    },
    chunk({ importId, file, fileName, base64, endOfFile }) {
      return serially(importId, async (session) => {
        // A file's next chunk, or the first chunk of the file after the one that ended.
        let reader = file === session.file ? session.reader : null;
        if (reader === null && file === session.file + 1 && session.reader === null) {
          reader = createFileReader(session.format);
          session.file = file;
          session.reader = reader;
        }
        if (reader === null) throw new LetterboxError('invalid-argument', 'The chunks of an import must come in order, file by file.');
        try {
          const messages = reader.push(Buffer.from(base64, 'base64'));
          if (endOfFile) {
            messages.push(...reader.end());
            session.reader = null;
          }
          await deliver(session, messages);
        } catch (error) {
          throw stopped(importId, session, fileName, error);
        }
        return { imported: session.imported };
      });
    },
    end({ importId, cancel }) {
      return serially(importId, (session) => {
        sessions.delete(importId);
        if (session.reader !== null && cancel !== true) throw new LetterboxError('invalid-argument', 'The import ended before its last file did.');
        if (session.imported === 0 && cancel !== true) throw new LetterboxError('invalid-argument', 'These files hold no messages.');
        return { imported: session.imported };
      });
    },
  };
}
