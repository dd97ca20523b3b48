// Argument schemas of the account-setup channels (shared/contract.ts).
import { z } from 'zod';

export const discoverSettingsSchema = z
  .object({
    email: z.string().trim().min(3).max(320).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address like name@example.org'),
  })
  .strict();

// The fingerprint form Node reports as fingerprint256: 32 upper-case hex pairs with colons.
export const fingerprintSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/, 'A SHA-256 fingerprint is 32 hex pairs separated by colons');

export const trustCertificateSchema = z
  .object({
    host: z.string().trim().toLowerCase().min(1).max(253).regex(/^[a-z0-9.\-:[\]]+$/, 'Not a server name'),
    port: z.number().int().min(1).max(65535),
    fingerprint: fingerprintSchema,
  })
  .strict();

export type TrustCertificateArgs = z.infer<typeof trustCertificateSchema>;
