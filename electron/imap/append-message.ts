import type { ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import type { AppendResult } from './imap-types.ts';
import { assertUsable } from './writable-mailbox.ts';

// RFC 3501 6.3.11 APPEND; the new UID comes from APPENDUID (RFC 4315 3) where offered.
export async function appendMessage(client: ImapFlow, path: string, raw: Buffer, flags: readonly string[]): Promise<AppendResult> {
  const result = await client.append(path, raw, [...flags]);
  if (result === false) {
    assertUsable(client, 'APPEND');
    throw new LetterboxError('server-error', `The server refused to store the message in "${path}".`);
  }
  return {
    uid: typeof result.uid === 'number' ? result.uid : null,
    uidValidity: result.uidValidity === undefined ? null : Number(result.uidValidity),
  };
}
