import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';
import { runInTransaction } from '../store/transaction.ts';

export type FolderPathRepository = {
  // After a RENAME the server confirmed (RFC 3501 6.3.5: inferiors are renamed too), the
  // cached folder and every folder under it take their new paths, so their cached messages
  // stay; the next LIST then finds them where they are.
  renamed(accountId: string, oldPath: string, newPath: string, delimiter: string | null, newName: string): Promise<void>;
};

export function createFolderPathRepository(database: DatabaseSync): FolderPathRepository {
  const renameOne = database.prepare('UPDATE folders SET path = ?, name = ? WHERE account_id = ? AND path = ?');
  const renameInferiors = database.prepare(`
    UPDATE folders SET path = ? || substr(path, ?) WHERE account_id = ? AND substr(path, 1, ?) = ?`);
  return {
    renamed: (accountId, oldPath, newPath, delimiter, newName) =>
      asPromise(() => {
        runInTransaction(database, () => {
          const account = toRowId(accountId);
          renameOne.run(newPath, newName, account, oldPath);
          if (delimiter !== null && delimiter !== '') {
            const prefix = `${oldPath}${delimiter}`;
            renameInferiors.run(`${newPath}${delimiter}`, prefix.length + 1, account, prefix.length, prefix);
          }
        });
      }),
  };
}
