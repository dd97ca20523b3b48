import { useEffect, useRef, useState } from 'react';
import type { Folder, Message } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { requestCompose } from '../../ui/compose-requests.ts';
import { printMessage } from './print-message.ts';
import { moveTargetGroups, type MoveTargetGroup } from './move-targets.ts';

type ToolbarProps = {
  readonly message: Message;
  // The message left this folder (deleted, archived, moved): the reader closes.
  readonly onGone: () => void;
};

// The open message's actions (ui-contract.md names). Each is applied to the cache at once
// and queued for the server; a later failure arrives as an alert from the action status.
export function MessageActionsToolbar({ message, onGone }: ToolbarProps) {
  const api = useApi();
  const [seen, setSeen] = useState(message.flags.seen);
  const [flagged, setFlagged] = useState(message.flags.flagged);
  const [error, setError] = useState<AppError | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [targets, setTargets] = useState<readonly MoveTargetGroup[]>([]);
  const markedOnOpen = useRef(false);
  const messageIds = [message.id];

  // r, a and f act on the open message (features/shortcuts sends them as events).
  useEffect(() => {
    const modes = { 'letterbox:reply': 'reply', 'letterbox:reply-all': 'replyAll', 'letterbox:forward': 'forward' } as const;
    const listeners = Object.entries(modes).map(([name, mode]) => {
      const listener = (): void => { requestCompose({ kind: 'reply', messageId: message.id, mode, fromShortcut: true }); };
      window.addEventListener(name, listener);
      return () => { window.removeEventListener(name, listener); };
    });
    return () => { for (const remove of listeners) remove(); };
  }, [message.id]);

  // Opening a message marks it read, as mail clients do, through the same queue.
  useEffect(() => {
    if (markedOnOpen.current || message.flags.seen) return;
    markedOnOpen.current = true;
    void api.invoke('setFlags', { messageIds: [message.id], seen: true }).then((result) => {
      if (result.ok) setSeen(true);
      else setError(result.error);
    });
  }, [api, message.id, message.flags.seen]);

  async function run(work: Promise<{ readonly ok: boolean; readonly error?: AppError }>, after: () => void) {
    const result = await work;
    if (result.ok) {
      setError(null);
      after();
    } else if (result.error) {
      setError(result.error);
    }
  }

  async function openMoveMenu() {
    if (menuOpen) {
      setMenuOpen(false);
      return;
    }
    // Every account's folders: a message can move to another account too.
    const accounts = await api.invoke('listAccounts', {});
    if (!accounts.ok) {
      setError(accounts.error);
      return;
    }
    const folders = new Map<string, readonly Folder[]>();
    for (const account of accounts.value) {
      if (account.id !== message.accountId && account.kind !== 'imap') continue;
      const result = await api.invoke('listFolders', { accountId: account.id });
      // Another account's folders failing to load must not take away the message's own.
      if (result.ok) folders.set(account.id, result.value);
      else if (account.id === message.accountId) {
        setError(result.error);
        return;
      }
    }
    setTargets(moveTargetGroups(accounts.value, folders, message));
    setMenuOpen(true);
  }

  return (
    <div className="message-actions">
      <div role="toolbar" aria-label="Message actions" className="message-toolbar">
        <button type="button" onClick={() => { requestCompose({ kind: 'reply', messageId: message.id, mode: 'reply' }); }}>
          Reply
        </button>
        <button type="button" onClick={() => { requestCompose({ kind: 'reply', messageId: message.id, mode: 'replyAll' }); }}>
          Reply all
        </button>
        <button type="button" onClick={() => { requestCompose({ kind: 'reply', messageId: message.id, mode: 'forward' }); }}>
          Forward
        </button>
        <button type="button" onClick={() => { requestCompose({ kind: 'reply', messageId: message.id, mode: 'forwardAsAttachment' }); }}>
          Forward as attachment
        </button>
        {message.flags.draft ? (
          <button type="button" onClick={() => { requestCompose({ kind: 'openDraft', source: { messageId: message.id } }); }}>
            Edit draft
          </button>
        ) : null}
        <button type="button" onClick={() => void run(api.invoke('deleteMessages', { messageIds }), onGone)}>
          Delete
        </button>
        <button type="button" onClick={() => void run(api.invoke('archiveMessages', { messageIds }), onGone)}>
          Archive
        </button>
        <span className="menu-anchor">
          <button type="button" aria-haspopup="menu" aria-expanded={menuOpen} onClick={() => void openMoveMenu()}>
            Move to…
          </button>
          {menuOpen ? (
            <ul role="menu" aria-label="Move to folder" className="menu">
              {targets.map((group) => (
                // Folders grouped by account: another account's folder moves the message there.
                <li key={group.accountId} role="none">
                  <span className="menu-group-label" aria-hidden="true">
                    {group.label}
                  </span>
                  <ul role="group" aria-label={group.label}>
                    {group.folders.map((folder) => (
                      <li
                        key={folder.id}
                        role="menuitem"
                        tabIndex={-1}
                        onClick={() => {
                          setMenuOpen(false);
                          void run(api.invoke('moveMessages', { messageIds, targetFolderId: folder.id }), onGone);
                        }}
                        onKeyDown={(event) => {
                          if (event.key === 'Enter' || event.key === ' ') {
                            event.preventDefault();
                            event.currentTarget.click();
                          }
                          if (event.key === 'Escape') setMenuOpen(false);
                        }}
                      >
                        {folder.path}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          ) : null}
        </span>
        <button type="button" onClick={() => void run(api.invoke('setFlags', { messageIds, seen: !seen }), () => { setSeen(!seen); })}>
          {seen ? 'Mark as unread' : 'Mark as read'}
        </button>
        <button
          type="button"
          aria-pressed={flagged}
          onClick={() => void run(api.invoke('setFlags', { messageIds, flagged: !flagged }), () => { setFlagged(!flagged); })}
        >
          {flagged ? 'Unflag' : 'Flag'}
        </button>
        <button type="button" onClick={() => void printMessage(api, message)}>
          Print
        </button>
      </div>
      {error === null ? null : <ErrorAlert title="That change could not be made." message={error.message} action="Try again." />}
    </div>
  );
}
