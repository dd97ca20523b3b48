import type { FolderRole } from '../../shared/domain.ts';

export type FolderRoleInput = {
  readonly path: string;
  readonly name: string;
  readonly parentPath: string | null;
  // LIST attributes, including RFC 6154 SPECIAL-USE ones such as \Sent.
  readonly flags: Iterable<string>;
};

// RFC 6154 2: the special-use attributes, and XLIST's \Inbox which some servers still send.
const SPECIAL_USE: ReadonlyMap<string, FolderRole> = new Map([
  ['\\inbox', 'inbox'],
  ['\\sent', 'sent'],
  ['\\drafts', 'drafts'],
  ['\\trash', 'trash'],
  ['\\junk', 'junk'],
  ['\\archive', 'archive'],
  ['\\all', 'all'],
  ['\\flagged', 'flagged'],
]);

// Names servers without SPECIAL-USE commonly give these folders (lower-cased).
const WELL_KNOWN_NAMES: ReadonlyMap<string, FolderRole> = new Map([
  ['sent', 'sent'],
  ['sent items', 'sent'],
  ['sent messages', 'sent'],
  ['sent mail', 'sent'],
  ['drafts', 'drafts'],
  ['draft', 'drafts'],
  ['trash', 'trash'],
  ['deleted items', 'trash'],
  ['deleted messages', 'trash'],
  ['bin', 'trash'],
  ['junk', 'junk'],
  ['junk e-mail', 'junk'],
  ['junk email', 'junk'],
  ['spam', 'junk'],
  ['bulk mail', 'junk'],
  ['archive', 'archive'],
  ['archives', 'archive'],
  ['all mail', 'all'],
  ['starred', 'flagged'],
]);

// A name only means a role at the top of the tree, or directly under INBOX (Courier-style
// "INBOX.Sent") or a provider's bracketed namespace ("[Gmail]/Sent Mail").
function isRoleLevel(parentPath: string | null): boolean {
  if (parentPath === null || parentPath === '') return true;
  return parentPath.toUpperCase() === 'INBOX' || /^\[.+\]$/.test(parentPath);
}

export function folderRole(input: FolderRoleInput): FolderRole | null {
  for (const flag of input.flags) {
    const role = SPECIAL_USE.get(flag.toLowerCase());
    if (role !== undefined) return role;
  }
  // RFC 3501 5.1: INBOX is case-insensitive.
  if (input.path.toUpperCase() === 'INBOX') return 'inbox';
  if (!isRoleLevel(input.parentPath)) return null;
  return WELL_KNOWN_NAMES.get(input.name.trim().toLowerCase()) ?? null;
}
