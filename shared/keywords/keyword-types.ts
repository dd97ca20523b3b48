// Keywords as the UI shows them: an IMAP keyword (RFC 3501 2.3.2, an atom on the wire)
// with the label and colour the user gave it.
export type Keyword = {
  // The atom sent in STORE and seen in FETCH FLAGS, e.g. "$label1" or "Project_X".
  readonly atom: string;
  readonly label: string;
  // "#rrggbb", or null for a keyword another client set that has no colour here.
  readonly colour: string | null;
  // The server of some folder cannot store new keywords (PERMANENTFLAGS without \*,
  // RFC 3501 7.1): the keyword is kept in this store only and other devices do not see it.
  readonly localOnly: boolean;
  // false for a keyword found on messages (set by another client) that was never defined here.
  readonly defined: boolean;
};
