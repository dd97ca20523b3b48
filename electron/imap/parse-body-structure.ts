// A BODYSTRUCTURE list cut out of its FETCH line (large-body-structure.ts), parsed as
// imapflow parses it in a live session, so the store gets the same JSON either way.
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import { hasAttachment } from './map-fetched-header.ts';

export type ParsedBodyStructure = {
  readonly hasAttachments: boolean;
  // The BODYSTRUCTURE as imapflow parses it, serialised to JSON; null where it could not be
  // parsed (the message is still listed, as for a server that sends BODYSTRUCTURE NIL).
  readonly bodyStructure: string | null;
};

export const unparsedBodyStructure: ParsedBodyStructure = { hasAttachments: false, bodyStructure: null };

// formatMessageResponse reads the mailbox only for fields this line does not hold.
const mailbox = { path: '', delimiter: '/', flags: new Set<string>(), uidValidity: 1n, uidNext: 1, exists: 0 };

export async function parseBodyStructure(list: Uint8Array, literals: readonly Uint8Array[], maxResponseTokens: number): Promise<ParsedBodyStructure> {
  const line = Buffer.concat([Buffer.from('* 1 FETCH (BODYSTRUCTURE '), list, Buffer.from(')')]);
  try {
    const parsed = await parser(line, { literals: literals.map((literal) => Buffer.from(literal)), maxResponseTokens });
    const structure = (await formatMessageResponse(parsed, mailbox)).bodyStructure;
    if (structure === undefined) return unparsedBodyStructure;
    return { hasAttachments: hasAttachment(structure), bodyStructure: JSON.stringify(structure) };
  } catch {
    return unparsedBodyStructure;
  }
}
