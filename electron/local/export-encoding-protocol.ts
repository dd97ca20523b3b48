// What the main thread and the export encoding thread say to each other (export-encoding-pool.ts).
// One message as its mboxrd entry: From_ line, "From " quoting, the final empty line.
export type ExportEncodingRequest = { readonly id: number; readonly source: Uint8Array; readonly sender: string | null; readonly date: number };

// entry: the bytes to append to the mbox, moved back rather than cloned.
export type ExportEncodingReply =
  | { readonly id: number; readonly ok: true; readonly entry: Uint8Array<ArrayBuffer> }
  | { readonly id: number; readonly ok: false; readonly message: string };
