import type { DatabaseSync } from 'node:sqlite';
import type { ServerSettings } from '../../shared/domain.ts';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';

export type AccountChanges = {
  readonly name: string;
  readonly incoming: ServerSettings;
  readonly outgoing: ServerSettings | null;
};

// Rewrites an account's name and servers in place: its folders, messages and secret stay.
export type AccountUpdateRepository = {
  update(accountId: string, changes: AccountChanges): Promise<boolean>;
};

export function createAccountUpdateRepository(database: DatabaseSync): AccountUpdateRepository {
  const updateOne = database.prepare(`
    UPDATE accounts SET name = ?, incoming_host = ?, incoming_port = ?, incoming_security = ?, incoming_username = ?,
      outgoing_host = ?, outgoing_port = ?, outgoing_security = ?, outgoing_username = ?
    WHERE id = ?
  `);
  return {
    update(accountId, changes) {
      return asPromise(() => {
        const { incoming, outgoing } = changes;
        const result = updateOne.run(
          changes.name,
          incoming.host,
          incoming.port,
          incoming.security,
          incoming.username,
          outgoing?.host ?? null,
          outgoing?.port ?? null,
          outgoing?.security ?? null,
          outgoing?.username ?? null,
          toRowId(accountId),
        );
        return Number(result.changes) > 0;
      });
    },
  };
}
