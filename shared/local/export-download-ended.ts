// The exportDownloadEnded event: how a browser-mode export download (beginExport's
// { kind: 'download' }) ended, so the page that started it can say so. Browser downloads tell
// the page nothing, and a failure midway shows at most as a failed download in the browser's
// bar. It names the download by the downloadId beginExport answered: no bytes, no path, and
// not the one-time link's id.
export type ExportDownloadEnd =
  // The whole file went to the browser.
  | { readonly kind: 'finished'; readonly messageCount: number; readonly bytes: number }
  // Broken off (the response was aborted, so the browser marks its download failed); reason
  // says why, for an alert.
  | { readonly kind: 'failed'; readonly reason: string }
  // The link was not followed within its minute.
  | { readonly kind: 'expired' };

export type ExportDownloadEnded = { readonly downloadId: string } & ExportDownloadEnd;
