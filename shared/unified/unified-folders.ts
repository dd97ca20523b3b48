// Unified folders: every account's folder of one role in one list, newest first. Their ids
// are not row ids, so the renderer can name them wherever it names a folder.
export type UnifiedRole = 'inbox' | 'sent' | 'drafts';

export const unifiedRoles: readonly UnifiedRole[] = ['inbox', 'sent', 'drafts'];

const names: Readonly<Record<UnifiedRole, string>> = { inbox: 'All Inboxes', sent: 'All Sent', drafts: 'All Drafts' };

export type UnifiedFolder = {
  readonly id: string;
  readonly role: UnifiedRole;
  readonly name: string;
  readonly unreadCount: number;
  readonly totalCount: number;
};

export function unifiedFolderId(role: UnifiedRole): string {
  return `unified:${role}`;
}

export function unifiedRoleOf(folderId: string): UnifiedRole | null {
  const role = folderId.startsWith('unified:') ? folderId.slice('unified:'.length) : null;
  return unifiedRoles.find((candidate) => candidate === role) ?? null;
}

export function unifiedFolderName(role: UnifiedRole): string {
  return names[role];
}
