import { z } from 'zod';

const id = z.string().regex(/^[1-9][0-9]{0,15}$/);

// The renderer names the message and the scope; main reads the sender and domain from the
// stored message itself, so a page cannot grant consent for an address it made up.
export const allowRemoteContentSchema = z.object({ messageId: id, scope: z.enum(['message', 'sender', 'domain']) }).strict();
export const remoteContentConsentIdSchema = z.object({ consentId: id }).strict();
