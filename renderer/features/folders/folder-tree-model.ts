// Turns the flat folder rows of each account into the ordered tree the sidebar shows.
import type { Account, Folder, FolderRole } from '../../../shared/domain.ts';
import type { UnifiedFolder } from '../../../shared/unified/unified-folders.ts';

export type FolderNode = {
  readonly folder: Folder;
  readonly children: readonly FolderNode[];
};

export type AccountNode = {
  readonly account: Account;
  readonly folders: readonly FolderNode[];
};

// Inbox first, then the other well-known roles in the order mail clients use, then the rest.
const roleOrder: readonly FolderRole[] = ['inbox', 'drafts', 'sent', 'archive', 'all', 'flagged', 'junk', 'trash'];

function rank(folder: Folder): number {
  if (folder.role === null) return roleOrder.length;
  return roleOrder.indexOf(folder.role);
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function compareFolders(a: Folder, b: Folder): number {
  return rank(a) - rank(b) || collator.compare(a.name, b.name) || collator.compare(a.path, b.path);
}

export function buildFolderTree(folders: readonly Folder[]): readonly FolderNode[] {
  const ids = new Set(folders.map((folder) => folder.id));
  const byParent = new Map<string | null, Folder[]>();
  for (const folder of folders) {
    // A folder whose parent is missing (not subscribed, not listed) shows at the top level
    // rather than disappearing.
    const parent = folder.parentId !== null && ids.has(folder.parentId) ? folder.parentId : null;
    const siblings = byParent.get(parent) ?? [];
    siblings.push(folder);
    byParent.set(parent, siblings);
  }
  const visiting = new Set<string>();
  function nodesUnder(parent: string | null): readonly FolderNode[] {
    const children = [...(byParent.get(parent) ?? [])].sort(compareFolders);
    return children
      .filter((folder) => !visiting.has(folder.id))
      .map((folder) => {
        visiting.add(folder.id);
        const node = { folder, children: nodesUnder(folder.id) };
        visiting.delete(folder.id);
        return node;
      });
  }
  return nodesUnder(null);
}

export function folderLabel(folder: Pick<Folder, 'name' | 'unreadCount'>): string {
  const name = folder.name;
  return folder.unreadCount > 0 ? `${name}, ${folder.unreadCount} unread` : name;
}

export function accountLabel(account: Account): string {
  return account.name.length > 0 ? account.name : account.email;
}

// One entry per tree item that is currently visible, in screen order: the keyboard
// moves through this list (WAI-ARIA APG tree view pattern).
export type VisibleItem = {
  readonly key: string;
  readonly parentKey: string | null;
  readonly level: number;
  readonly expandable: boolean;
  readonly folderId: string | null;
};

export function accountKey(accountId: string): string {
  return `account:${accountId}`;
}

export function folderKey(folderId: string): string {
  return `folder:${folderId}`;
}

export function visibleItems(
  accounts: readonly AccountNode[],
  collapsed: ReadonlySet<string>,
  unified: readonly UnifiedFolder[] = [],
): readonly VisibleItem[] {
  // All Inboxes, All Sent, All Drafts come first, above the accounts.
  const items: VisibleItem[] = unified.map((folder) => ({ key: folderKey(folder.id), parentKey: null, level: 1, expandable: false, folderId: folder.id }));
  function addFolders(nodes: readonly FolderNode[], parentKey: string, level: number): void {
    for (const node of nodes) {
      const key = folderKey(node.folder.id);
      items.push({ key, parentKey, level, expandable: node.children.length > 0, folderId: node.folder.id });
      if (node.children.length > 0 && !collapsed.has(key)) addFolders(node.children, key, level + 1);
    }
  }
  for (const node of accounts) {
    const key = accountKey(node.account.id);
    items.push({ key, parentKey: null, level: 1, expandable: node.folders.length > 0, folderId: null });
    if (!collapsed.has(key)) addFolders(node.folders, key, 2);
  }
  return items;
}

export type TreeKeyResult =
  | { readonly kind: 'focus'; readonly key: string }
  | { readonly kind: 'toggle'; readonly key: string; readonly expand: boolean }
  | { readonly kind: 'none' };

export function treeKeyAction(
  items: readonly VisibleItem[],
  focusedKey: string,
  key: string,
  collapsed: ReadonlySet<string>,
): TreeKeyResult {
  const index = items.findIndex((item) => item.key === focusedKey);
  const current = items[index];
  if (current === undefined) {
    const first = items[0];
    return first === undefined ? { kind: 'none' } : { kind: 'focus', key: first.key };
  }
  function focusAt(at: number): TreeKeyResult {
    const item = items[at];
    return item === undefined ? { kind: 'none' } : { kind: 'focus', key: item.key };
  }
  switch (key) {
    case 'ArrowDown':
      return focusAt(index + 1);
    case 'ArrowUp':
      return focusAt(index - 1);
    case 'Home':
      return focusAt(0);
    case 'End':
      return focusAt(items.length - 1);
    case 'ArrowRight':
      if (!current.expandable) return { kind: 'none' };
      if (collapsed.has(current.key)) return { kind: 'toggle', key: current.key, expand: true };
      return focusAt(index + 1);
    case 'ArrowLeft':
      if (current.expandable && !collapsed.has(current.key)) return { kind: 'toggle', key: current.key, expand: false };
      return current.parentKey === null ? { kind: 'none' } : { kind: 'focus', key: current.parentKey };
    default:
      return { kind: 'none' };
  }
}

// The folder to open when nothing is selected yet: the first account's inbox.
export function defaultFolderId(accounts: readonly AccountNode[]): string | null {
  for (const node of accounts) {
    const inbox = node.folders.find((child) => child.folder.role === 'inbox' && child.folder.selectable);
    if (inbox !== undefined) return inbox.folder.id;
  }
  return null;
}

// Unified folders are worth a place in the sidebar only when there are two accounts to unify.
export function shownUnifiedFolders(unified: readonly UnifiedFolder[], accountCount: number): readonly UnifiedFolder[] {
  return accountCount >= 2 ? unified : noUnifiedFolders;
}

// One empty list, so memos that depend on it keep their value.
const noUnifiedFolders: readonly UnifiedFolder[] = [];
