// The BODY[] of one FETCH answer, or null where there is none to store. imapflow gives
// `false` for `BODY[] NIL` (Dovecot answers so for a message another session expunged
// while the FETCH ran): bound into SQLite that is an integer, and the whole batch it came
// in failed with "cannot store INT value in BLOB column".
export function fetchedSource(message: { readonly source?: unknown }): Buffer | null {
  return Buffer.isBuffer(message.source) ? message.source : null;
}
