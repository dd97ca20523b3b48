import type { ImapFlow } from 'imapflow';
import type { RemoteHeader } from './imap-types.ts';
import { findLargeBodyStructure, withoutBodyStructure } from './large-body-structure.ts';
import { unparsedBodyStructure, type ParsedBodyStructure } from './parse-body-structure.ts';

// Issue 9, hostile sizes: imapflow parses each response line whole on the main thread, and
// a BODYSTRUCTURE of 10,000 MIME parts (1 MB of nested lists) held it 0.4 to 1 s during a
// header sync. Each response is looked at as imapflow's reader takes it from its stream,
// before the parse: a FETCH line holding a BODYSTRUCTURE list of at least minBytes has the
// list cut out (NIL in its place, which imapflow reads as no structure) and parsed on the
// body structure thread, and the fetch's caller picks the result up by folder and UID.
// Ordinary lines (a few KB) are only measured. docs/decisions.md, "A BODYSTRUCTURE too
// large for the main thread", says why this hooks imapflow's stream, and what guards it.

// About 60 µs of main-thread parse per part, a part being 70 to 150 bytes of list: a list
// under 64 KiB parses in well under 50 ms.
const divertFromBytes = 64 * 1024;

export type ParseBodyStructure = (list: Uint8Array, literals: readonly Uint8Array[]) => Promise<ParsedBodyStructure>;

export type BodyStructureDiversion = {
  // Whether the hook is in place (false only if imapflow's reader changed shape).
  readonly active: boolean;
  // How many lists went to the thread.
  readonly diverted: number;
  // The headers, fetched in the mailbox now selected, with the structures parsed on the
  // thread filled in. Keyed by imapflow's own name for the mailbox, which may be spelt
  // otherwise than the path the caller asked for (INBOX).
  withDiverted(headers: readonly RemoteHeader[]): Promise<readonly RemoteHeader[]>;
  // Drops what a fetch left untaken (a failed batch). Fetches on one connection run one
  // after another under its mailbox lock, so nothing another fetch waits for is dropped.
  forget(): void;
};

type StreamItem = { payload: Buffer; literals: Buffer[] };
type Streamer = { read: (...args: unknown[]) => unknown };

function isStreamItem(value: unknown): value is StreamItem {
  const item = value as Partial<StreamItem> | null;
  return typeof item === 'object' && item !== null && Buffer.isBuffer(item.payload) && Array.isArray(item.literals);
}

export function divertLargeBodyStructures(client: ImapFlow, parse: ParseBodyStructure, minBytes = divertFromBytes): BodyStructureDiversion {
  const pending = new Map<string, Map<number, Promise<ParsedBodyStructure>>>();
  let diverted = 0;

  const divert = (item: StreamItem) => {
    const mailbox = client.mailbox;
    if (mailbox === false) return;
    const found = findLargeBodyStructure(item.payload, minBytes);
    if (found === null) return;
    // Copies with buffers of their own: the thread is handed these, not the line's memory.
    const list = new Uint8Array(item.payload.subarray(found.start, found.end));
    const literals = item.literals.slice(found.firstLiteral, found.firstLiteral + found.literalCount).map((literal) => new Uint8Array(literal));
    const rest = withoutBodyStructure(item.payload, item.literals, found);
    item.payload = rest.payload;
    item.literals = rest.literals;
    diverted += 1;
    const folder = pending.get(mailbox.path) ?? new Map<number, Promise<ParsedBodyStructure>>();
    pending.set(mailbox.path, folder);
    folder.set(
      found.uid,
      parse(list, literals).catch(() => unparsedBodyStructure),
    );
  };

  const streamer = (client as unknown as { streamer?: Partial<Streamer> }).streamer;
  const read = streamer?.read?.bind(streamer);
  if (streamer !== undefined && read !== undefined) {
    streamer.read = (...args: unknown[]) => {
      const item = read(...args);
      if (isStreamItem(item) && item.payload.length >= minBytes) divert(item);
      return item;
    };
  }

  return {
    active: read !== undefined,
    get diverted() {
      return diverted;
    },
    async withDiverted(headers) {
      const mailbox = client.mailbox;
      const folder = mailbox === false ? undefined : pending.get(mailbox.path);
      if (folder === undefined || folder.size === 0) return headers;
      return Promise.all(
        headers.map(async (header) => {
          const parsed = folder.get(header.uid);
          if (parsed === undefined) return header;
          folder.delete(header.uid);
          return { ...header, ...(await parsed) };
        }),
      );
    },
    forget() {
      pending.clear();
    },
  };
}
