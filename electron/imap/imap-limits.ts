// How much one IMAP response may make Letterbox hold in memory. imapflow's own defaults
// are 1 GiB per literal and line and 2 GiB per response (node_modules/imapflow
// handler/limits.js): a hostile server could make the main process allocate that much
// before anything is checked. See docs/decisions.md "Limits on what an IMAP server sends".
export type ImapLimits = {
  // One literal: a whole message source is one. 256 MiB holds a message with a 100 MB
  // attachment even after base64 (x 4/3) and then some.
  readonly maxLiteralSize: number;
  // One line without literals: the longest real ones are UID SEARCH answers (about 8 bytes a
  // UID, so 16 MiB is two million UIDs) and LIST/STATUS lines.
  readonly maxLineLength: number;
  // A whole response: one literal plus its FETCH framing.
  readonly maxResponseSize: number;
  // Parse-tree nodes in one response (each costs about 100 bytes of heap): a FETCH of a
  // BODYSTRUCTURE with 10,000 parts stays well below.
  readonly maxResponseTokens: number;
};

export const DEFAULT_IMAP_LIMITS: ImapLimits = {
  maxLiteralSize: 256 * 1024 * 1024,
  maxLineLength: 16 * 1024 * 1024,
  maxResponseSize: 256 * 1024 * 1024 + 64 * 1024,
  maxResponseTokens: 500_000,
};
