import type { AttachmentContent } from '../../shared/domain.ts';
import type { SourceRef } from '../store/source-ref.ts';
import type { MessageView } from './message-view.ts';

export type { SourceRef };

// What the main thread and a message view thread say to each other.
export type MessageViewRequest =
  | { readonly id: number; readonly kind: 'view'; readonly from: SourceRef }
  | { readonly id: number; readonly kind: 'attachment'; readonly from: SourceRef; readonly attachmentId: string }
  // The stored source itself, read on the thread and moved back (getSource).
  | { readonly id: number; readonly kind: 'source'; readonly from: SourceRef };

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
  | { readonly id: number; readonly ok: true; readonly kind: 'source'; readonly source: Uint8Array<ArrayBuffer> | null; readonly sourceBytes: number }
  | { readonly id: number; readonly ok: false; readonly message: string };
