import { LetterboxError } from '../../shared/errors.ts';

// RFC 3501 6.4.7: COPY (and RFC 6851 MOVE) fail when the destination does not exist. The
// action queue keeps the messages where they were and says which folder went missing.
export class TargetFolderMissingError extends LetterboxError {
  readonly path: string;
  constructor(path: string) {
    super('not-found', `The folder "${path}" no longer exists on the server. The messages stay where they were.`);
    this.name = 'TargetFolderMissingError';
    this.path = path;
  }
}
