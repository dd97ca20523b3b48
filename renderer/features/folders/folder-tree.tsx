import { useEffect, useEffectEvent, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { Folder } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { isMessageDrag, readMessageDrag, readMessageDragAccount } from '../../ui/message-drag.ts';
import { FolderActions, type FolderActionTarget } from './folder-actions.tsx';
import type { Account } from '../../../shared/domain.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { ExportOutcomeStatus } from '../../ui/export-outcome-status.tsx';
import { useExportOutcome } from '../../ui/use-export-outcome.ts';
import {
  accountKey,
  accountLabel,
  buildFolderTree,
  defaultFolderId,
  folderKey,
  folderLabel,
  shownUnifiedFolders,
  treeKeyAction,
  visibleItems,
  type AccountNode,
  type FolderNode,
} from './folder-tree-model.ts';
import { useFolders } from './use-folders.ts';
import { useUnifiedFolders } from './use-unified-folders.ts';

type FolderTreeProps = {
  readonly accounts: readonly Account[];
  readonly selectedFolderId: string | null;
  readonly onSelect: (folderId: string) => void;
};

export function FolderTree({ accounts, selectedFolderId, onSelect }: FolderTreeProps) {
  const { folders, error } = useFolders(accounts);
  const unified = shownUnifiedFolders(useUnifiedFolders(), accounts.length);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const elements = useRef(new Map<string, HTMLLIElement>());
  const api = useApi();
  const [actionsFor, setActionsFor] = useState<FolderActionTarget | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [dropError, setDropError] = useState<AppError | null>(null);
  // A folder's "Export as mbox" is told here: its menu closes as the export begins.
  const exported = useExportOutcome();

  const nodes: readonly AccountNode[] = useMemo(
    () => accounts.map((account) => ({ account, folders: buildFolderTree(folders.get(account.id) ?? []) })),
    [accounts, folders],
  );
  const items = useMemo(() => visibleItems(nodes, collapsed, unified), [nodes, collapsed, unified]);
  const selectableFolders = useMemo(() => {
    const ids = new Set<string>(unified.map((folder) => folder.id));
    for (const list of folders.values()) for (const folder of list) if (folder.selectable) ids.add(folder.id);
    return ids;
  }, [folders, unified]);

  // Open the first inbox once folders are known and nothing is selected yet.
  const selectDefault = useEffectEvent((folderId: string) => {
    if (selectedFolderId === null) onSelect(folderId);
  });
  const initialFolder = defaultFolderId(nodes);
  useEffect(() => {
    if (initialFolder !== null) selectDefault(initialFolder);
  }, [initialFolder]);

  const tabStop =
    focusedKey !== null && items.some((item) => item.key === focusedKey)
      ? focusedKey
      : selectedFolderId !== null && items.some((item) => item.key === folderKey(selectedFolderId))
        ? folderKey(selectedFolderId)
        : (items[0]?.key ?? null);

  function toggle(key: string, expand: boolean) {
    setCollapsed((current) => {
      const next = new Set(current);
      if (expand) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  function focusItem(key: string) {
    setFocusedKey(key);
    elements.current.get(key)?.focus();
    const item = items.find((candidate) => candidate.key === key);
    // Selection follows focus, as in desktop mail clients: the list shows the folder you move to.
    if (item?.folderId != null && selectableFolders.has(item.folderId)) onSelect(item.folderId);
  }

  function activate(key: string) {
    const item = items.find((candidate) => candidate.key === key);
    if (item === undefined) return;
    setFocusedKey(key);
    if (item.folderId !== null && selectableFolders.has(item.folderId)) onSelect(item.folderId);
    else if (item.expandable) toggle(key, collapsed.has(key));
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const current = tabStop;
    if (current === null) return;
    if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      event.preventDefault();
      openActions(current);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      activate(current);
      return;
    }
    const action = treeKeyAction(items, current, event.key, collapsed);
    if (action.kind === 'none') return;
    event.preventDefault();
    if (action.kind === 'toggle') toggle(action.key, action.expand);
    else focusItem(action.key);
  }

  function actionTarget(key: string): FolderActionTarget | null {
    for (const [accountId, list] of folders) {
      if (key === accountKey(accountId)) {
        const account = accounts.find((candidate) => candidate.id === accountId);
        return { accountId, folder: null, delimiter: list.find((folder) => folder.delimiter !== null)?.delimiter ?? null, accountName: account?.name ?? '' };
      }
      const folder = list.find((candidate) => folderKey(candidate.id) === key);
      if (folder !== undefined) {
        const kind = accounts.find((account) => account.id === accountId)?.kind;
        return { accountId, folder, delimiter: folder.delimiter, local: kind === 'local', server: kind === 'imap', ...(kind === 'local' ? { localFolders: list } : {}) };
      }
    }
    return null;
  }

  function openActions(key: string) {
    setFocusedKey(key);
    setActionsFor(actionTarget(key));
  }

  // Messages dropped on a folder move there; with Ctrl (or Alt, as on macOS) they are copied.
  function dropProps(folder: Folder) {
    const key = folderKey(folder.id);
    return {
      onDragOver(event: DragEvent<HTMLDivElement>) {
        if (!folder.selectable || !isMessageDrag(event.dataTransfer)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = event.ctrlKey || event.altKey ? 'copy' : 'move';
        if (dropTarget !== key) setDropTarget(key);
      },
      onDragLeave() {
        if (dropTarget === key) setDropTarget(null);
      },
      onDrop(event: DragEvent<HTMLDivElement>) {
        setDropTarget(null);
        const messageIds = readMessageDrag(event.dataTransfer);
        if (messageIds === null || messageIds.length === 0 || !folder.selectable) return;
        event.preventDefault();
        const copy = event.ctrlKey || event.altKey;
        // Server mail dropped on Local Folders is saved there: moved (verified, then removed
        // from the server) or, with Ctrl, copied.
        const source = accounts.find((account) => account.id === readMessageDragAccount(event.dataTransfer));
        const target = accounts.find((account) => account.id === folder.accountId);
        if (source?.kind === 'imap' && target?.kind === 'local') {
          void api
            .invoke('saveLocally', { messageIds: [...messageIds], targetFolderId: folder.id, mode: copy ? 'copy' : 'move' })
            .then((result) => {
              setDropError(result.ok ? (result.value.failures.length > 0 ? { code: 'storage', message: result.value.failures.join(' ') } : null) : result.error);
            });
          return;
        }
        void api
          .invoke(copy ? 'copyMessages' : 'moveMessages', { messageIds: [...messageIds], targetFolderId: folder.id })
          .then((result) => { setDropError(result.ok ? null : result.error); });
      },
    };
  }

  function register(key: string) {
    return (element: HTMLLIElement | null) => {
      if (element === null) elements.current.delete(key);
      else elements.current.set(key, element);
    };
  }

  function renderFolder(node: FolderNode, level: number) {
    const key = folderKey(node.folder.id);
    const expandable = node.children.length > 0;
    const open = expandable && !collapsed.has(key);
    const selected = node.folder.id === selectedFolderId;
    return (
      <li
        key={key}
        ref={register(key)}
        role="treeitem"
        aria-label={folderLabel(node.folder)}
        aria-level={level}
        aria-selected={selected}
        aria-expanded={expandable ? open : undefined}
        tabIndex={key === tabStop ? 0 : -1}
        className="tree-item"
        onFocus={(event) => {
          if (event.target === event.currentTarget) setFocusedKey(key);
        }}
        onContextMenu={(event) => {
          event.preventDefault();
          event.stopPropagation();
          openActions(key);
        }}
      >
        <div
          className={['tree-row', selected ? 'selected' : '', dropTarget === key ? 'drop-target' : ''].filter(Boolean).join(' ')}
          style={{ paddingInlineStart: `${(level - 1) * 14 + 8}px` }}
          onClick={() => { activate(key); }}
          {...dropProps(node.folder)}
        >
          {expandable ? (
            <span
              className="twisty"
              aria-hidden="true"
              onClick={(event) => {
                event.stopPropagation();
                toggle(key, !open);
              }}
            >
              {open ? '▾' : '▸'}
            </span>
          ) : (
            <span className="twisty" aria-hidden="true" />
          )}
          <span className={node.folder.selectable ? 'folder-name' : 'folder-name muted'}>{node.folder.name}</span>
          {node.folder.unreadCount > 0 ? (
            <span className="unread-count" aria-hidden="true">
              {node.folder.unreadCount}
            </span>
          ) : null}
        </div>
        {open ? <ul role="group">{node.children.map((child) => renderFolder(child, level + 1))}</ul> : null}
      </li>
    );
  }

  return (
    <div className="folder-tree">
      {error === null ? null : (
        <ErrorAlert title="Folders could not be loaded." message={error.message} action="Letterbox tries again when the account syncs." />
      )}
      {dropError === null ? null : (
        <ErrorAlert title="The messages could not be moved." message={dropError.message} action="Choose them again and retry." />
      )}
      <ExportOutcomeStatus view={exported.view} />
      {actionsFor === null ? null : (
        <FolderActions
          target={actionsFor}
          onExport={exported.show}
          onClose={() => {
            setActionsFor(null);
            if (tabStop !== null) elements.current.get(tabStop)?.focus();
          }}
        />
      )}
      <ul role="tree" aria-label="Folders" className="tree" onKeyDown={onKeyDown}>
        {unified.map((folder) => {
          const key = folderKey(folder.id);
          const selected = folder.id === selectedFolderId;
          return (
            <li
              key={key}
              ref={register(key)}
              role="treeitem"
              aria-label={folderLabel(folder)}
              aria-level={1}
              aria-selected={selected}
              tabIndex={key === tabStop ? 0 : -1}
              className="tree-item unified"
              onFocus={(event) => {
                if (event.target === event.currentTarget) setFocusedKey(key);
              }}
            >
              <div className={['tree-row', selected ? 'selected' : ''].filter(Boolean).join(' ')} onClick={() => { activate(key); }}>
                <span className="twisty" aria-hidden="true" />
                <span className="folder-name">{folder.name}</span>
                {folder.unreadCount > 0 ? (
                  <span className="unread-count" aria-hidden="true">
                    {folder.unreadCount}
                  </span>
                ) : null}
              </div>
            </li>
          );
        })}
        {nodes.map((node) => {
          const key = accountKey(node.account.id);
          const open = !collapsed.has(key);
          return (
            <li
              key={key}
              ref={register(key)}
              role="treeitem"
              aria-label={accountLabel(node.account)}
              aria-level={1}
              aria-expanded={open}
              tabIndex={key === tabStop ? 0 : -1}
              className="tree-item account"
              onFocus={(event) => {
                if (event.target === event.currentTarget) setFocusedKey(key);
              }}
              onContextMenu={(event) => {
                event.preventDefault();
                openActions(key);
              }}
            >
              <div className="tree-row account-row" onClick={() => { toggle(key, !open); }}>
                <span className="twisty" aria-hidden="true">
                  {open ? '▾' : '▸'}
                </span>
                <span className="account-name">{accountLabel(node.account)}</span>
              </div>
              {open ? <ul role="group">{node.folders.map((child) => renderFolder(child, 2))}</ul> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
