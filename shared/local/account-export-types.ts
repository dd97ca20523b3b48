// What the whole-account export and its import answer (electron/local/account-export.ts).

export type AccountExportReport = {
  // The directory written, as main resolved it.
  readonly directory: string;
  readonly folders: number;
  readonly messages: number;
  readonly bytes: number;
  // One sentence per message left out because its source could not be had (not downloaded
  // and the server unreachable); these are also listed in MANIFEST as "missing" lines.
  readonly missing: readonly string[];
};

export type AccountImportReport = {
  // The new Local Folders folder that holds the export (its Inbox's messages, and the rest
  // of its folders beneath it).
  readonly folderId: string;
  readonly folders: number;
  readonly imported: number;
  // Messages MANIFEST lists as missing from the export (left out when it was written).
  readonly missingInExport: number;
};
