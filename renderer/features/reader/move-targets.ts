// The Move to… menu: the open message's own account first, then, for IMAP mail, every
// other IMAP account (main moves between them: electron/actions/transfer-messages.ts), each
// with the folders a message can go into. Local Folders take IMAP mail through "Save locally".
import type { Account, Folder } from '../../../shared/domain.ts';

export type MoveTargetGroup = {
  readonly accountId: string;
  readonly label: string;
  readonly folders: readonly Folder[];
};

export function moveTargetGroups(
  accounts: readonly Account[],
  foldersByAccount: ReadonlyMap<string, readonly Folder[]>,
  message: { readonly accountId: string; readonly folderId: string },
): readonly MoveTargetGroup[] {
  const own = accounts.filter((account) => account.id === message.accountId);
  const others = own[0]?.kind === 'imap' ? accounts.filter((account) => account.kind === 'imap' && account.id !== message.accountId) : [];
  const ordered = [...own, ...others];
  return ordered.flatMap((account) => {
    const folders = (foldersByAccount.get(account.id) ?? []).filter((folder) => folder.selectable && folder.id !== message.folderId);
    const label = account.name.length > 0 ? account.name : account.email;
    return folders.length === 0 ? [] : [{ accountId: account.id, label, folders }];
  });
}
