import type { DatabaseSync } from 'node:sqlite';
import type { Account, AccountKind, Security, ServerSettings } from '../../shared/domain.ts';
import { asPromise } from './as-promise.ts';
import { toRowId } from './row-id.ts';
import { readInteger, readOptionalInteger, readOptionalText, readText, type Row } from './row-values.ts';
import { oauthProviderOfReference } from '../oauth/oauth-secret.ts';

export type NewAccount = {
  readonly kind: AccountKind;
  readonly name: string;
  readonly email: string;
  readonly incoming: ServerSettings;
  readonly outgoing: ServerSettings | null;
  // Where the password is kept in the SecretStore; never the password itself.
  readonly secretReference: string;
};

export type AccountRepository = {
  list(): Promise<readonly Account[]>;
  get(accountId: string): Promise<Account | null>;
  getSecretReference(accountId: string): Promise<string | null>;
  findByLogin(email: string, host: string, username: string): Promise<Account | null>;
  insert(account: NewAccount): Promise<Account>;
  // Deletes the account with its folders, messages and sources (ON DELETE CASCADE).
  remove(accountId: string): Promise<boolean>;
};

export function createAccountRepository(database: DatabaseSync): AccountRepository {
  const selectAll = database.prepare('SELECT * FROM accounts ORDER BY id');
  const selectOne = database.prepare('SELECT * FROM accounts WHERE id = ?');
  const selectByLogin = database.prepare(
    'SELECT * FROM accounts WHERE lower(email) = lower(?) AND lower(incoming_host) = lower(?) AND incoming_username = ?',
  );
  const insertOne = database.prepare(`
    INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
      outgoing_host, outgoing_port, outgoing_security, outgoing_username, secret_reference, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  `);
  const deleteOne = database.prepare('DELETE FROM accounts WHERE id = ?');

  function getNow(accountId: string): Row | undefined {
    return selectOne.get(toRowId(accountId));
  }

  return {
    list() {
      return asPromise(() => selectAll.all().map(toAccount));
    },
    get(accountId) {
      return asPromise(() => {
        const row = getNow(accountId);
        return row ? toAccount(row) : null;
      });
    },
    getSecretReference(accountId) {
      return asPromise(() => {
        const row = getNow(accountId);
        return row ? readText(row, 'secret_reference') : null;
      });
    },
    findByLogin(email, host, username) {
      return asPromise(() => {
        const row = selectByLogin.get(email, host, username);
        return row ? toAccount(row) : null;
      });
    },
    insert(account) {
      return asPromise(() => {
        const result = insertOne.run(
          account.kind,
          account.name,
          account.email,
          account.incoming.host,
          account.incoming.port,
          account.incoming.security,
          account.incoming.username,
          account.outgoing?.host ?? null,
          account.outgoing?.port ?? null,
          account.outgoing?.security ?? null,
          account.outgoing?.username ?? null,
          account.secretReference,
          Date.now(),
        );
        const row = selectOne.get(result.lastInsertRowid);
        if (!row) throw new Error('The account just stored could not be read back');
        return toAccount(row);
      });
    },
    remove(accountId) {
      return asPromise(() => Number(deleteOne.run(toRowId(accountId)).changes) > 0);
    },
  };
}

function toAccount(row: Row): Account {
  const outgoingHost = readOptionalText(row, 'outgoing_host');
  const outgoingPort = readOptionalInteger(row, 'outgoing_port');
  const outgoingSecurity = readOptionalText(row, 'outgoing_security');
  const outgoingUsername = readOptionalText(row, 'outgoing_username');
  // The secret's reference says whether it is an OAuth2 sign-in (electron/oauth/oauth-secret.ts).
  const oauthProvider = oauthProviderOfReference(readText(row, 'secret_reference'));
  return {
    id: String(readInteger(row, 'id')),
    kind: readText(row, 'kind') as AccountKind,
    name: readText(row, 'name'),
    email: readText(row, 'email'),
    incoming: {
      host: readText(row, 'incoming_host'),
      port: readInteger(row, 'incoming_port'),
      security: readText(row, 'incoming_security') as Security,
      username: readText(row, 'incoming_username'),
    },
    outgoing:
      outgoingHost !== null && outgoingPort !== null && outgoingSecurity !== null && outgoingUsername !== null
        ? { host: outgoingHost, port: outgoingPort, security: outgoingSecurity as Security, username: outgoingUsername }
        : null,
    ...(oauthProvider === null ? {} : { auth: { kind: 'oauth2', provider: oauthProvider } }),
  };
}
