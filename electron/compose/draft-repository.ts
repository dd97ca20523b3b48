import type { DatabaseSync } from 'node:sqlite';
import type { ComposeFields } from '../../shared/compose/compose-types.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';
import { readBoolean, readInteger, readJson, readOptionalInteger, readText, type Row } from '../store/row-values.ts';

export type StoredDraft = {
  readonly id: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly fields: ComposeFields;
  readonly version: number;
  readonly uploadedVersion: number;
  readonly serverUid: number | null;
  readonly discarded: boolean;
  readonly updatedAt: number;
};

export type DraftRepository = {
  // A new draft (draftId null) or a new version of one; returns its id and version.
  save(draftId: string | null, fields: ComposeFields, newMessageId: () => string, now: number): Promise<StoredDraft>;
  get(draftId: string): Promise<StoredDraft | null>;
  // The live (not discarded) draft carrying this Message-ID, if this computer keeps it.
  findByMessageId(messageId: string): Promise<StoredDraft | null>;
  // A draft another client (or an earlier install) left in the server's Drafts folder,
  // taken in under its own Message-ID, so that saving it replaces the server copy.
  adopt(fields: ComposeFields, messageId: string, serverUid: number | null, now: number): Promise<StoredDraft>;
  // Live drafts, newest first.
  list(): Promise<readonly StoredDraft[]>;
  markUploaded(draftId: string, version: number, uid: number | null): Promise<void>;
  // Sent or thrown away: hidden at once, removed once the server copy is gone.
  discard(draftId: string): Promise<void>;
  remove(draftId: string): Promise<void>;
  // Drafts whose server copy is behind or must go, oldest first.
  needingServer(accountId?: string): Promise<readonly StoredDraft[]>;
};

export function createDraftRepository(database: DatabaseSync): DraftRepository {
  const insert = database.prepare(
    'INSERT INTO drafts (account_id, message_id, fields_json, updated_at) VALUES (?, ?, ?, ?)',
  );
  const update = database.prepare(
    'UPDATE drafts SET account_id = ?, fields_json = ?, version = version + 1, updated_at = ? WHERE id = ? AND discarded = 0',
  );
  const selectOne = database.prepare('SELECT * FROM drafts WHERE id = ?');
  const updateUploaded = database.prepare(
    'UPDATE drafts SET uploaded_version = MAX(uploaded_version, ?), server_uid = ? WHERE id = ?',
  );
  const updateDiscarded = database.prepare('UPDATE drafts SET discarded = 1 WHERE id = ?');
  const deleteOne = database.prepare('DELETE FROM drafts WHERE id = ?');
  const selectByMessageId = database.prepare('SELECT * FROM drafts WHERE message_id = ? AND discarded = 0');
  const insertAdopted = database.prepare(
    'INSERT INTO drafts (account_id, message_id, fields_json, version, uploaded_version, server_uid, updated_at) VALUES (?, ?, ?, 1, 1, ?, ?)',
  );
  const selectLive = database.prepare('SELECT * FROM drafts WHERE discarded = 0 ORDER BY updated_at DESC, id DESC');
  const selectPending = database.prepare(
    'SELECT * FROM drafts WHERE (discarded = 1 OR uploaded_version < version) AND (? IS NULL OR account_id = ?) ORDER BY id',
  );

  function toDraft(row: Row): StoredDraft {
    return {
      id: String(readInteger(row, 'id')),
      accountId: String(readInteger(row, 'account_id')),
      messageId: readText(row, 'message_id'),
      fields: readJson<ComposeFields>(row, 'fields_json', {} as ComposeFields),
      version: readInteger(row, 'version'),
      uploadedVersion: readInteger(row, 'uploaded_version'),
      serverUid: readOptionalInteger(row, 'server_uid'),
      discarded: readBoolean(row, 'discarded'),
      updatedAt: readInteger(row, 'updated_at'),
    };
  }

  function read(draftId: string): StoredDraft | null {
    const row = selectOne.get(toRowId(draftId));
    return row ? toDraft(row) : null;
  }

  return {
    save: (draftId, fields, newMessageId, now) =>
      asPromise(() => {
        if (draftId === null) {
          const id = String(insert.run(toRowId(fields.accountId), newMessageId(), JSON.stringify(fields), now).lastInsertRowid);
          const created = read(id);
          if (created === null) throw new Error('A draft just saved cannot be read back');
          return created;
        }
        if (Number(update.run(toRowId(fields.accountId), JSON.stringify(fields), now, toRowId(draftId)).changes) === 0) {
          throw new LetterboxError('not-found', 'That draft was sent or discarded. Start a new message.');
        }
        const saved = read(draftId);
        if (saved === null) throw new LetterboxError('not-found', 'That draft was sent or discarded. Start a new message.');
        return saved;
      }),
    get: (draftId) => asPromise(() => read(draftId)),
    findByMessageId: (messageId) =>
      asPromise(() => {
        const row = selectByMessageId.get(messageId);
        return row ? toDraft(row) : null;
      }),
    adopt: (fields, messageId, serverUid, now) =>
      asPromise(() => {
        const id = String(insertAdopted.run(toRowId(fields.accountId), messageId, JSON.stringify(fields), serverUid, now).lastInsertRowid);
        const adopted = read(id);
        if (adopted === null) throw new Error('A draft just adopted cannot be read back');
        return adopted;
      }),
    list: () => asPromise(() => selectLive.all().map(toDraft)),
    markUploaded: (draftId, version, uid) =>
      asPromise(() => {
        updateUploaded.run(version, uid, toRowId(draftId));
      }),
    discard: (draftId) =>
      asPromise(() => {
        updateDiscarded.run(toRowId(draftId));
      }),
    remove: (draftId) =>
      asPromise(() => {
        deleteOne.run(toRowId(draftId));
      }),
    needingServer: (accountId) =>
      asPromise(() => {
        const key = accountId === undefined ? null : toRowId(accountId);
        return selectPending.all(key, key).map(toDraft);
      }),
  };
}
