import type { ParsedLocalMessage } from '../local/local-header.ts';
import type { BodyText } from './search-repository.ts';

// What the main thread and a body text thread say to each other: the text of a source
// handed over, or a stored message indexed by the thread itself (read, parsed and written
// on its own connection).
export type BodyTextRequest =
  | { readonly id: number; readonly kind: 'text'; readonly source: Uint8Array }
  | { readonly id: number; readonly kind: 'indexStored'; readonly dataDir: string; readonly messageId: string }
  // A message delivered into Local Folders: its envelope and text (local-header.ts), read from
  // the file just written (path) or from bytes handed over.
  | { readonly id: number; readonly kind: 'local'; readonly from: LocalSourceRef; readonly size: number; readonly receivedAt: number };
export type LocalSourceRef = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'bytes'; readonly source: Uint8Array };
// indexed false: the store holds no source for that message.
export type BodyTextReply =
  | { readonly id: number; readonly ok: true; readonly kind: 'text'; readonly text: BodyText }
  | { readonly id: number; readonly ok: true; readonly kind: 'indexStored'; readonly indexed: boolean }
  | { readonly id: number; readonly ok: true; readonly kind: 'local'; readonly parsed: ParsedLocalMessage }
  | { readonly id: number; readonly ok: false; readonly message: string };
