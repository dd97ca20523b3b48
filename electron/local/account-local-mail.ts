import type { Store } from '../store/store.ts';
import type { LocalFolders } from './local-folders.ts';
import type { LocalFile } from './local-repository.ts';

// Deletes the mail an account brought into Local Folders (account-local-mail-repository.ts),
// as its removal was asked to. The rows go first, in one transaction, then the files: a
// crash between leaves files nobody lists, never a listed message without its file.
// Returns the local folders whose lists changed.
export async function deleteAccountLocalMail(store: Store, folders: LocalFolders, accountId: string): Promise<readonly string[]> {
  const ids = await store.accountLocalMail.messageIdsOf(accountId);
  if (ids.length === 0) return [];
  const files: LocalFile[] = [];
  for (const id of ids) {
    const file = await store.local.fileOfMessage(id);
    if (file !== null) files.push(file);
  }
  const changed = await store.accountLocalMail.deleteMessages(ids);
  for (const file of files) await folders.removeFile(file);
  return changed;
}
