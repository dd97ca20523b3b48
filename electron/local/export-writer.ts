// An export written message by message into a sink (a file being written, an HTTP response):
// each source is read from the store, quoted on the export thread and written before the
// next one is read, so main holds one message at a time whatever the folder's size.
import type { ExportEncoding } from './export-encoding-pool.ts';

export type ExportSink = {
  // Resolves once the bytes are taken (written to the file, or drained to the socket). A plan
  // writes each message whole in one call, so calls count messages (a failed download says
  // how far it got).
  write(bytes: Uint8Array): Promise<void>;
};

// What an mbox needs of each message, fixed when the export begins.
export type ExportItem = { readonly id: string; readonly sender: string | null; readonly date: number };

export type ExportPlan = {
  readonly fileName: string;
  readonly contentType: string;
  readonly messageCount: number;
  // Writes the whole file; resolves with its length in bytes.
  write(sink: ExportSink): Promise<number>;
};

export type ExportSources = {
  readonly sourceOf: (messageId: string) => Promise<Buffer>;
  readonly encoding: () => ExportEncoding;
};

export function mboxPlan(fileName: string, items: readonly ExportItem[], sources: ExportSources): ExportPlan {
  return {
    fileName,
    contentType: 'application/mbox',
    messageCount: items.length,
    async write(sink) {
      let bytes = 0;
      for (const item of items) {
        const source = await sources.sourceOf(item.id);
        const entry = await sources.encoding().mboxEntry({ source, sender: item.sender, date: new Date(item.date) });
        await sink.write(entry);
        bytes += entry.length;
      }
      return bytes;
    },
  };
}

// A message as .eml is its bytes as they are.
export function emlPlan(fileName: string, messageId: string, sources: Pick<ExportSources, 'sourceOf'>): ExportPlan {
  return {
    fileName,
    contentType: 'message/rfc822',
    messageCount: 1,
    async write(sink) {
      const source = await sources.sourceOf(messageId);
      await sink.write(source);
      return source.length;
    },
  };
}
