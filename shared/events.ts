// Events main pushes to the renderer. They say what changed; the renderer re-queries.
import type { SyncStatus } from './domain.ts';

export type EventMap = {
  readonly accountsChanged: null;
  readonly foldersChanged: { readonly accountId: string };
  readonly messagesChanged: { readonly folderIds: readonly string[] };
  readonly status: SyncStatus;
};

export type EventName = keyof EventMap;

export const eventNames: readonly EventName[] = ['accountsChanged', 'foldersChanged', 'messagesChanged', 'status'];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as readonly string[]).includes(name);
}
