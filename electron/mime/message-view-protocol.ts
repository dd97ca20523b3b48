import type { AttachmentContent } from '../../shared/domain.ts';
import type { MessageView } from './message-view.ts';

// Where a thread finds the source: handed to it, or read by the thread itself from the
// store (a 100 MB BLOB read on the main thread would hold it for hundreds of milliseconds).
export type SourceRef =
  | { readonly kind: 'bytes'; readonly source: Uint8Array }
  | { readonly kind: 'stored'; readonly dataDir: string; readonly messageId: string };

// What the main thread and a message view thread say to each other.
export type MessageViewRequest =
  | { readonly id: number; readonly kind: 'view'; readonly from: SourceRef }
  | { readonly id: number; readonly kind: 'attachment'; readonly from: SourceRef; readonly attachmentId: string };

// null: the store holds no source for that message. sourceBytes: how large the source was,
// so the pool can stop a thread that parsed a large one once it is idle.
export type MessageViewReply =
  | { readonly id: number; readonly ok: true; readonly kind: 'view'; readonly view: MessageView | null; readonly sourceBytes: number }
  | {
      readonly id: number;
      readonly ok: true;
      readonly kind: 'attachment';
      readonly found: boolean;
      readonly attachment: AttachmentContent | null;
      readonly sourceBytes: number;
    }
  | { readonly id: number; readonly ok: false; readonly message: string };
