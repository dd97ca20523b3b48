// A request to write a new message, from a mailto: link (RFC 6068) or the app menu.
// Main sends it to the window as the composeRequested event; the composer fills it in.
export type MailtoRequest = {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  // One line: line breaks are removed so it can never add a header.
  readonly subject: string;
  // Lines separated by "\n".
  readonly body: string;
};

export const emptyMailtoRequest: MailtoRequest = { to: [], cc: [], bcc: [], subject: '', body: '' };
