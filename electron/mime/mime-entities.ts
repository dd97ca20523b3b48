// A MIME message as views into its source (RFC 2045, 2046, 5322): entities are split without
// copying a byte, so a 137 MB source costs no more than the source (issue 9, hostile sizes).
// The reader's parts (body-parts.ts) and the search index's text of a huge message
// (indexed-text.ts) walk the same tree.

export type Entity = {
  readonly headerText: string;
  // A view into the source: a part is never copied until it is one the reader shows.
  readonly body: Buffer;
};

// Beyond these a multipart's children are counted, not split (10,000 parts is hostile).
const maxChildren = 20_000;

// RFC 5322 2.1: the header ends at the first empty line (CRLF or bare LF, as /\r?\n\r?\n/).
export function splitEntity(bytes: Buffer): Entity {
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) {
    const next = bytes[at + 1] === 13 ? at + 2 : at + 1;
    if (bytes[next] !== 10) continue;
    const headerEnd = at > 0 && bytes[at - 1] === 13 ? at - 1 : at;
    return { headerText: bytes.subarray(0, headerEnd).toString('latin1'), body: bytes.subarray(next + 1) };
  }
  // No empty line: all header. Bounded, since a header is never megabytes honestly.
  return { headerText: bytes.subarray(0, 64 * 1024).toString('latin1'), body: bytes.subarray(bytes.length) };
}

// RFC 5322 2.2.3: unfolded; the first field of this name, as mailparser takes it.
export function headerValue(headerText: string, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const line of headerText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return null;
}

type ContentType = { readonly type: string; readonly boundary: string | null };

// RFC 2045 5.1: the default is text/plain.
export function contentTypeOf(headerText: string): ContentType {
  const value = headerValue(headerText, 'content-type') ?? 'text/plain';
  const type = (value.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain';
  const boundary = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(value);
  return { type, boundary: boundary?.[1] ?? boundary?.[2] ?? null };
}

export function isAttachment(headerText: string): boolean {
  const disposition = (headerValue(headerText, 'content-disposition') ?? '').split(';')[0]?.trim().toLowerCase();
  return disposition === 'attachment';
}

// RFC 2046 5.1.1: parts are separated by lines "--boundary"; "--boundary--" ends them.
// A delimiter line starts a line; its rest is "--" (the end) or only white space.
export function splitMultipart(
  body: Buffer,
  boundary: string,
): { readonly children: readonly Entity[]; readonly uncounted: number } {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const children: Entity[] = [];
  let uncounted = 0;
  let contentStart = -1;
  const push = (end: number) => {
    if (contentStart < 0) return;
    // The line break before a delimiter belongs to the delimiter.
    let stop = end;
    if (stop > contentStart && body[stop - 1] === 10) stop -= 1;
    if (stop > contentStart && body[stop - 1] === 13) stop -= 1;
    if (children.length < maxChildren) children.push(splitEntity(body.subarray(contentStart, Math.max(contentStart, stop))));
    else uncounted += 1;
  };
  for (let at = body.indexOf(delimiter); at !== -1; at = body.indexOf(delimiter, at + 1)) {
    if (at > 0 && body[at - 1] !== 10) continue;
    const lineEnd = body.indexOf(10, at);
    const rest = body.subarray(at + delimiter.length, lineEnd === -1 ? body.length : lineEnd).toString('latin1');
    if (rest.startsWith('--')) {
      push(at);
      return { children, uncounted };
    }
    if (rest.trim() !== '') continue;
    push(at);
    contentStart = lineEnd === -1 ? body.length : lineEnd + 1;
  }
  // A missing close delimiter ends the last part at the end of the message.
  if (contentStart >= 0) {
    if (children.length < maxChildren) children.push(splitEntity(body.subarray(contentStart)));
    else uncounted += 1;
  }
  return { children, uncounted };
}

// RFC 2045 5.1: a parameter of Content-Type, unquoted; null when absent.
export function contentTypeParameter(headerText: string, name: string): string | null {
  const value = headerValue(headerText, 'content-type') ?? '';
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match?.[1] ?? match?.[2] ?? null;
}

// RFC 2045 6.1: the default is 7bit.
export function transferEncodingOf(headerText: string): string {
  return (headerValue(headerText, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
}

// Every entity that is not a multipart, in the order of the source, each multipart split to
// at most maxDepth levels: a multipart deeper than that is given whole, as if a leaf.
export function leavesOf(entity: Entity, maxDepth: number, depth = 0): Entity[] {
  const { type, boundary } = contentTypeOf(entity.headerText);
  if (!type.startsWith('multipart/') || boundary === null || depth >= maxDepth) return [entity];
  return splitMultipart(entity.body, boundary).children.flatMap((child) => leavesOf(child, maxDepth, depth + 1));
}
