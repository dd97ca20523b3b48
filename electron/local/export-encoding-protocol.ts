// What the main thread and the export encoding thread say to each other (export-encoding-pool.ts).
export type ExportEntry = { readonly source: Uint8Array; readonly sender: string | null; readonly date: number };

export type ExportEncodingRequest =
  // One message as .eml: its bytes, base64.
  | { readonly id: number; readonly kind: 'eml'; readonly source: Uint8Array }
  // Messages as one mboxrd file, base64; refused past maxBytes before any encoding.
  | { readonly id: number; readonly kind: 'mbox'; readonly entries: readonly ExportEntry[]; readonly maxBytes: number };

// base64: the encoded file as ASCII bytes, moved back rather than cloned as a string.
// null: the mbox would be larger than maxBytes.
export type ExportEncodingReply =
  | { readonly id: number; readonly ok: true; readonly base64: Uint8Array<ArrayBuffer> | null; readonly fileBytes: number }
  | { readonly id: number; readonly ok: false; readonly message: string };
