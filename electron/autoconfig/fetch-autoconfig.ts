// Step 1 of discovery: the domain's own autoconfig file, in Thunderbird's places for it.
import { LetterboxError } from '../../shared/errors.ts';

// Fetches a small text file: the body on 200, null for any other answer. Rejects on a
// network failure or when timeoutMs passes.
export type FetchText = (url: string, timeoutMs: number) => Promise<string | null>;

const MAX_BYTES = 256 * 1024;

// Only https: a configuration fetched in clear could send the password to anyone on the path.
export function defaultAutoconfigUrls(domain: string): readonly string[] {
  return [`https://autoconfig.${domain}/mail/config-v1.1.xml`, `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`];
}

export async function fetchText(url: string, timeoutMs: number): Promise<string | null> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'follow',
    headers: { accept: 'application/xml, text/xml;q=0.9, */*;q=0.1' },
  });
  if (response.status !== 200 || response.body === null) {
    await response.body?.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Read in chunks, so a huge or endless answer is cut off rather than held in memory.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BYTES) {
      throw new LetterboxError('server-error', `${url} is too large to be a mail configuration.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
