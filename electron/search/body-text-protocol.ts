import type { BodyText } from './search-repository.ts';

// What the main thread and a body text thread say to each other.
export type BodyTextRequest = { readonly id: number; readonly source: Uint8Array };
export type BodyTextReply =
  | { readonly id: number; readonly ok: true; readonly text: BodyText }
  | { readonly id: number; readonly ok: false; readonly message: string };
