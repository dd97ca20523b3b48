// Carries an error thrown by the caller's own callback (onBatch) past the IMAP error
// classification, so a store failure is not reported as a server problem.
export class CallerError extends Error {
  readonly original: unknown;
  constructor(original: unknown) {
    super('The caller failed while handling IMAP data');
    this.name = 'CallerError';
    this.original = original;
  }
}
