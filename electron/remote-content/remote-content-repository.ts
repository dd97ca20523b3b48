// Remote content consents (migration 012).
import type { DatabaseSync } from 'node:sqlite';
import type { RemoteContentConsent, RemoteContentScope } from '../../shared/remote-content/remote-content-types.ts';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';
import { readInteger, readText } from '../store/row-values.ts';

export type RemoteContentGrant =
  | { readonly scope: 'message'; readonly messageId: string; readonly label: string }
  | { readonly scope: 'sender' | 'domain'; readonly value: string };

export type RemoteContentRepository = {
  grant(grant: RemoteContentGrant, now: number): Promise<void>;
  // Whether any consent covers this message, its sender's address or the address's domain.
  isAllowed(messageId: string, sender: string | null): Promise<boolean>;
  list(): Promise<readonly RemoteContentConsent[]>;
  // False when there was no such consent.
  revoke(consentId: string): Promise<boolean>;
};

// RFC 5321 4.1.2: the domain is what follows the last "@"; compared case-insensitively.
export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  const domain = at < 0 ? '' : address.slice(at + 1).trim().toLowerCase();
  return domain.length > 0 && domain.length <= 255 ? domain : null;
}

function isScope(value: string): value is RemoteContentScope {
  return value === 'message' || value === 'sender' || value === 'domain';
}

export function createRemoteContentRepository(database: DatabaseSync): RemoteContentRepository {
  return {
    grant(grant, now) {
      return asPromise(() => {
        const insert = database.prepare(
          `INSERT INTO remote_content_consents (scope, value, message_id, label, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        );
        if (grant.scope === 'message') insert.run('message', '', toRowId(grant.messageId), grant.label.slice(0, 300), now);
        else insert.run(grant.scope, grant.value.toLowerCase(), null, grant.value.toLowerCase(), now);
      });
    },
    isAllowed(messageId, sender) {
      return asPromise(() => {
        const address = sender?.trim().toLowerCase() ?? '';
        const domain = domainOf(address) ?? '';
        const row = database
          .prepare(
            `SELECT 1 FROM remote_content_consents
             WHERE (scope = 'message' AND message_id = ?) OR (scope = 'sender' AND value = ?) OR (scope = 'domain' AND value = ?)
             LIMIT 1`,
          )
          .get(toRowId(messageId), address === '' ? null : address, domain === '' ? null : domain);
        return row !== undefined;
      });
    },
    list() {
      return asPromise(() =>
        database
          .prepare('SELECT id, scope, label, created_at FROM remote_content_consents ORDER BY scope, label, id')
          .all()
          .flatMap((row) => {
            const scope = readText(row, 'scope');
            if (!isScope(scope)) return [];
            return [{ id: String(readInteger(row, 'id')), scope, label: readText(row, 'label'), createdAt: readInteger(row, 'created_at') }];
          }),
      );
    },
    revoke(consentId) {
      return asPromise(() => database.prepare('DELETE FROM remote_content_consents WHERE id = ?').run(toRowId(consentId)).changes > 0);
    },
  };
}
