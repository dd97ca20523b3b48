// Thrown out of a header batch when the account's sync was stopped (app closing,
// account removed), so the fetch ends at once instead of running to the last UID.
export class SyncCancelledError extends Error {
  constructor() {
    super('Sync was stopped');
    this.name = 'SyncCancelledError';
  }
}
