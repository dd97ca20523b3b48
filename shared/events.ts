// Events main pushes to the renderer. They say what changed; the renderer re-queries.
import type { SyncStatus } from './domain.ts';
import type { ExportDownloadEnded } from './local/export-download-ended.ts';
import type { MailtoRequest } from './mailto-request.ts';
import type { AppSettings, NewMailNotification, OpenMessageRequest } from './settings/settings.ts';

export type EventMap = {
  readonly accountsChanged: null;
  readonly foldersChanged: { readonly accountId: string };
  readonly messagesChanged: { readonly folderIds: readonly string[] };
  readonly status: SyncStatus;
  // Changes made here and not yet confirmed by the server, over all accounts.
  readonly pendingActionsChanged: { readonly count: number };
  // A queued change was undone or dropped; `message` says what and why, for an alert.
  readonly actionFailed: { readonly accountId: string; readonly message: string };
  // A queued change went through with a caveat the user should know (e.g. a delete only
  // marked \Deleted on a server without UIDPLUS); `message` says what, for a note.
  readonly actionNotice: { readonly accountId: string; readonly message: string };
  // Desktop only: a mailto: link was opened, or New Message chosen from the app menu.
  readonly composeRequested: MailtoRequest;
  // A saved search was added or removed (the list of them, not their results).
  readonly savedSearchesChanged: null;
  // A keyword was defined, renamed, recoloured, deleted or became local only.
  readonly keywordsChanged: null;
  // The outbox changed: how many messages wait to be sent (queued, sending or failed).
  readonly outboxChanged: { readonly count: number };
  // This computer's drafts changed (saved, sent, discarded, reopened): listDrafts again.
  readonly draftsChanged: null;
  // The settings changed (any window, or main): the new whole.
  readonly settingsChanged: AppSettings;
  // New mail worth telling the user about, as planned by electron/desktop's policy. Electron's
  // main shows it natively; a page in browser mode shows a web Notification.
  readonly newMailNotification: NewMailNotification;
  // Desktop only: a notification was clicked; the window opens that message.
  readonly openMessageRequested: OpenMessageRequest;
  // Browser mode: an export download finished, failed midway or expired unused.
  readonly exportDownloadEnded: ExportDownloadEnded;
};

export type EventName = keyof EventMap;

export const eventNames: readonly EventName[] = ['accountsChanged', 'foldersChanged', 'messagesChanged', 'status', 'pendingActionsChanged', 'actionFailed', 'actionNotice', 'composeRequested', 'savedSearchesChanged', 'keywordsChanged', 'outboxChanged', 'draftsChanged', 'settingsChanged', 'newMailNotification', 'openMessageRequested', 'exportDownloadEnded'];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as readonly string[]).includes(name);
}
