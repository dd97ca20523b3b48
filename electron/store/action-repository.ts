import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { LetterboxError } from '../../shared/errors.ts';
import type {
  ActionOutcome,
  ActionPayload,
  ExpungeEntry,
  FlagEntry,
  FlagTarget,
  MoveEntry,
  MoveReason,
  QueuedAction,
  SnapshotValue,
} from '../actions/action-types.ts';
import { applyFlagTarget, applyKeywordChange, sameFlagState } from '../actions/flag-state.ts';
import { asPromise } from './as-promise.ts';
import { toRowId } from './row-id.ts';
import { readBoolean, readInteger, readJson, readOptionalInteger, readOptionalText, readText, type Row } from './row-values.ts';
import { runInTransaction } from './transaction.ts';

// Where removed messages go: an explicit folder, or the account's folder of a role.
export type RemovalTarget =
  | { readonly kind: 'folder'; readonly folderId: string; readonly reason: MoveReason }
  | { readonly kind: 'trash' }
  | { readonly kind: 'archive' };

export type ChangeSummary = {
  readonly actionIds: readonly number[];
  readonly accountIds: readonly string[];
  readonly folderIds: readonly string[];
};

export type ActionRepository = {
  // Each applies the change to the cached messages and queues it, in ONE transaction.
  enqueueFlags(messageIds: readonly string[], set: FlagTarget, now: number): Promise<ChangeSummary>;
  enqueueRemoval(messageIds: readonly string[], target: RemovalTarget, now: number): Promise<ChangeSummary>;
  // Keywords: `remove` holds every spelling to take off, `add` the atoms to set.
  enqueueKeywords(messageIds: readonly string[], add: readonly string[], remove: readonly string[], now: number): Promise<ChangeSummary>;
  // A copy leaves the cached messages as they are; the target's sync brings the copies.
  enqueueCopy(messageIds: readonly string[], targetFolderId: string, now: number): Promise<ChangeSummary>;
  // The oldest queued action of the account: actions replay strictly in order.
  head(accountId: string): Promise<QueuedAction | null>;
  accountsWithPending(): Promise<readonly string[]>;
  count(): Promise<number>;
  // The server did it: drop the row and fold what the server said into the cache.
  complete(actionId: number, outcome: ActionOutcome): Promise<readonly string[]>;
  // The server refused for good: undo the local change and drop the row.
  revert(actionId: number): Promise<readonly string[]>;
  recordFailure(actionId: number, message: string, nextAttemptAt: number): Promise<void>;
  // After sync rewrote cached rows: put pending changes back over the server's older view.
  reapply(folderIds: readonly string[]): Promise<readonly string[]>;
};

type MessageRow = {
  readonly id: string;
  readonly folderId: string;
  readonly accountId: string;
  readonly uid: number;
  readonly seen: boolean;
  readonly flagged: boolean;
  readonly keywords: readonly string[];
  readonly modseq: string | null;
  readonly folderPath: string;
  readonly uidValidity: number | null;
  readonly role: string | null;
};

type FolderRow = { readonly id: string; readonly accountId: string; readonly path: string; readonly name: string };

export function createActionRepository(database: DatabaseSync): ActionRepository {
  const selectMessage = database.prepare(`
    SELECT m.id, m.folder_id, m.uid, m.seen, m.flagged, m.keywords_json, m.modseq,
      f.account_id, f.path, f.uid_validity, f.role
    FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id = ?`);
  const selectWholeMessage = database.prepare('SELECT * FROM messages WHERE id = ?');
  const selectFolder = database.prepare('SELECT id, account_id, path, name, selectable FROM folders WHERE id = ?');
  const selectRoleFolder = database.prepare(
    'SELECT id, account_id, path, name FROM folders WHERE account_id = ? AND role = ? AND selectable = 1 ORDER BY id LIMIT 1',
  );
  const updateFlags = database.prepare('UPDATE messages SET seen = ?, flagged = ?, keywords_json = ? WHERE id = ?');
  const updatePlace = database.prepare('UPDATE messages SET folder_id = ?, uid = ? WHERE id = ?');
  const deleteMessage = database.prepare('DELETE FROM messages WHERE id = ?');
  const selectAt = database.prepare('SELECT id FROM messages WHERE folder_id = ? AND uid = ?');
  const deleteAtExcept = database.prepare('DELETE FROM messages WHERE folder_id = ? AND uid = ? AND id <> ?');
  const refreshCounts = database.prepare(`
    UPDATE folders SET total_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id),
      unread_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id AND seen = 0)
    WHERE id = ?`);
  const insertAction = database.prepare(
    'INSERT INTO actions (account_id, kind, payload_json, created_at) VALUES (?, ?, ?, ?)',
  );
  const selectHead = database.prepare('SELECT * FROM actions WHERE account_id = ? ORDER BY id LIMIT 1');
  const selectAction = database.prepare('SELECT * FROM actions WHERE id = ?');
  const selectAll = database.prepare('SELECT * FROM actions ORDER BY id');
  const selectLaterOfAccount = database.prepare('SELECT * FROM actions WHERE account_id = ? AND id > ? ORDER BY id');
  const selectAccounts = database.prepare('SELECT DISTINCT account_id FROM actions ORDER BY account_id');
  const countActions = database.prepare('SELECT COUNT(*) AS n FROM actions');
  const anyAction = database.prepare('SELECT 1 FROM actions LIMIT 1');
  const deleteAction = database.prepare('DELETE FROM actions WHERE id = ?');
  const updatePayload = database.prepare('UPDATE actions SET payload_json = ? WHERE id = ?');
  const deleteLocalKeyword = database.prepare('DELETE FROM local_keywords WHERE message_id = ? AND atom = ?');
  const insertLocalKeyword = database.prepare('INSERT OR IGNORE INTO local_keywords (message_id, atom) VALUES (?, ?)');
  const markLocalOnly = database.prepare('UPDATE keywords SET local_only = 1 WHERE atom = ?');
  const updateFailure = database.prepare(
    'UPDATE actions SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?',
  );

  function loadMessage(messageId: string): MessageRow | null {
    const row = selectMessage.get(toRowId(messageId));
    if (!row) return null;
    return {
      id: String(readInteger(row, 'id')),
      folderId: String(readInteger(row, 'folder_id')),
      accountId: String(readInteger(row, 'account_id')),
      uid: readInteger(row, 'uid'),
      seen: readBoolean(row, 'seen'),
      flagged: readBoolean(row, 'flagged'),
      keywords: readJson<readonly string[]>(row, 'keywords_json', []),
      modseq: readOptionalText(row, 'modseq'),
      folderPath: readText(row, 'path'),
      uidValidity: readOptionalInteger(row, 'uid_validity'),
      role: readOptionalText(row, 'role'),
    };
  }

  function loadMessages(messageIds: readonly string[]): readonly MessageRow[] {
    const rows: MessageRow[] = [];
    for (const id of new Set(messageIds)) {
      const row = loadMessage(id);
      if (row === null) throw new LetterboxError('not-found', 'A message you chose is no longer here. Choose again.');
      rows.push(row);
    }
    return rows;
  }

  function byFolder(rows: readonly MessageRow[]): ReadonlyMap<string, readonly MessageRow[]> {
    const groups = new Map<string, MessageRow[]>();
    for (const row of rows) {
      const group = groups.get(row.folderId) ?? [];
      group.push(row);
      groups.set(row.folderId, group);
    }
    return groups;
  }

  function toFolderRow(row: Row): FolderRow {
    return {
      id: String(readInteger(row, 'id')),
      accountId: String(readInteger(row, 'account_id')),
      path: readText(row, 'path'),
      name: readText(row, 'name'),
    };
  }

  function roleFolder(accountId: string, role: 'trash' | 'archive'): FolderRow | null {
    const row = selectRoleFolder.get(toRowId(accountId), role);
    return row ? toFolderRow(row) : null;
  }

  function queue(accountId: string, payload: ActionPayload, now: number): number {
    return Number(insertAction.run(toRowId(accountId), payload.kind, JSON.stringify(payload), now).lastInsertRowid);
  }

  function refresh(folderIds: Iterable<string>): void {
    for (const id of folderIds) refreshCounts.run(toRowId(id));
  }

  function summary(actionIds: number[], rows: readonly MessageRow[], extraFolders: readonly string[]): ChangeSummary {
    const folderIds = new Set([...rows.map((row) => row.folderId), ...extraFolders]);
    refresh(folderIds);
    return { actionIds, accountIds: [...new Set(rows.map((row) => row.accountId))], folderIds: [...folderIds] };
  }

  function enqueueFlags(messageIds: readonly string[], set: FlagTarget, now: number): ChangeSummary {
    const rows = loadMessages(messageIds);
    const actionIds: number[] = [];
    for (const [folderId, group] of byFolder(rows)) {
      const first = group[0];
      if (first === undefined) continue;
      const messages: FlagEntry[] = [];
      for (const row of group) {
        const next = applyFlagTarget(row, set);
        if (sameFlagState(row, next)) continue;
        updateFlags.run(next.seen ? 1 : 0, next.flagged ? 1 : 0, JSON.stringify(next.keywords), toRowId(row.id));
        messages.push({ id: row.id, uid: row.uid, seen: row.seen, flagged: row.flagged, keywords: row.keywords, modseq: row.modseq });
      }
      if (messages.length === 0) continue;
      const payload: ActionPayload = {
        kind: 'flags',
        folderId,
        folderPath: first.folderPath,
        uidValidity: first.uidValidity,
        set,
        messages,
      };
      actionIds.push(queue(first.accountId, payload, now));
    }
    return summary(actionIds, rows, []);
  }

  function enqueueKeywords(messageIds: readonly string[], add: readonly string[], remove: readonly string[], now: number): ChangeSummary {
    const rows = loadMessages(messageIds);
    const actionIds: number[] = [];
    for (const [folderId, group] of byFolder(rows)) {
      const first = group[0];
      if (first === undefined) continue;
      const messages: FlagEntry[] = [];
      for (const row of group) {
        const next = applyKeywordChange(row, add, remove);
        if (sameFlagState(row, next)) continue;
        // A keyword kept here only is removed here only; the trigger of migration 6 would
        // otherwise put it back.
        for (const atom of remove) deleteLocalKeyword.run(toRowId(row.id), atom);
        updateFlags.run(next.seen ? 1 : 0, next.flagged ? 1 : 0, JSON.stringify(next.keywords), toRowId(row.id));
        messages.push({ id: row.id, uid: row.uid, seen: row.seen, flagged: row.flagged, keywords: row.keywords, modseq: row.modseq });
      }
      if (messages.length === 0) continue;
      const payload: ActionPayload = { kind: 'keywords', folderId, folderPath: first.folderPath, uidValidity: first.uidValidity, add, remove, messages };
      actionIds.push(queue(first.accountId, payload, now));
    }
    return summary(actionIds, rows, []);
  }

  function enqueueCopy(messageIds: readonly string[], targetFolderId: string, now: number): ChangeSummary {
    const rows = loadMessages(messageIds);
    const actionIds: number[] = [];
    for (const [folderId, group] of byFolder(rows)) {
      const first = group[0];
      const where = targetFor(group, { kind: 'folder', folderId: targetFolderId, reason: 'move' });
      if (first === undefined || where === 'skip' || where === 'expunge') continue;
      const payload: ActionPayload = {
        kind: 'copy',
        folderId,
        folderPath: first.folderPath,
        uidValidity: first.uidValidity,
        targetFolderId: where.folder.id,
        targetPath: where.folder.path,
        targetName: where.folder.name,
        messages: group.map((row) => ({ id: row.id, uid: row.uid })),
      };
      actionIds.push(queue(first.accountId, payload, now));
    }
    return summary(actionIds, rows, []);
  }

  function snapshot(messageId: string): Readonly<Record<string, SnapshotValue>> {
    const row = selectWholeMessage.get(toRowId(messageId)) ?? {};
    const copy: Record<string, SnapshotValue> = {};
    for (const [column, value] of Object.entries(row)) {
      if (typeof value === 'string' || typeof value === 'number' || value === null) copy[column] = value;
      else if (typeof value === 'bigint') copy[column] = Number(value);
    }
    return copy;
  }

  function targetFor(group: readonly MessageRow[], target: RemovalTarget): { folder: FolderRow; reason: MoveReason } | 'expunge' | 'skip' {
    const first = group[0];
    if (first === undefined) return 'skip';
    if (target.kind === 'folder') {
      const row = selectFolder.get(toRowId(target.folderId));
      if (!row) throw new LetterboxError('not-found', 'That folder no longer exists. Choose another.');
      const folder = toFolderRow(row);
      if (folder.accountId !== first.accountId) {
        throw new LetterboxError('invalid-argument', 'Messages can be moved only to a folder of the same account.');
      }
      if (!readBoolean(row, 'selectable')) throw new LetterboxError('invalid-argument', `"${folder.name}" cannot hold messages.`);
      return folder.id === first.folderId ? 'skip' : { folder, reason: target.reason };
    }
    if (target.kind === 'archive') {
      const folder = roleFolder(first.accountId, 'archive');
      if (folder === null) throw new LetterboxError('not-found', 'This account has no Archive folder. Create one on the server, or move the message instead.');
      return folder.id === first.folderId ? 'skip' : { folder, reason: 'archive' };
    }
    // In the Trash already, or with no Trash at all, delete means delete for good.
    const trash = roleFolder(first.accountId, 'trash');
    return trash === null || trash.id === first.folderId ? 'expunge' : { folder: trash, reason: 'delete' };
  }

  function enqueueRemoval(messageIds: readonly string[], target: RemovalTarget, now: number): ChangeSummary {
    const rows = loadMessages(messageIds);
    const actionIds: number[] = [];
    const targets: string[] = [];
    for (const [folderId, group] of byFolder(rows)) {
      const first = group[0];
      const where = targetFor(group, target);
      if (first === undefined || where === 'skip') continue;
      const reference = { folderId, folderPath: first.folderPath, uidValidity: first.uidValidity };
      if (where === 'expunge') {
        const messages: ExpungeEntry[] = group.map((row) => ({ id: row.id, uid: row.uid, row: snapshot(row.id) }));
        for (const row of group) deleteMessage.run(toRowId(row.id));
        actionIds.push(queue(first.accountId, { kind: 'expunge', ...reference, messages }, now));
        continue;
      }
      const messages: MoveEntry[] = group.map((row) => ({ id: row.id, uid: row.uid, placeholderUid: -toRowId(row.id) }));
      for (const entry of messages) updatePlace.run(toRowId(where.folder.id), entry.placeholderUid, toRowId(entry.id));
      targets.push(where.folder.id);
      actionIds.push(
        queue(
          first.accountId,
          {
            kind: 'move',
            reason: where.reason,
            ...reference,
            targetFolderId: where.folder.id,
            targetPath: where.folder.path,
            targetName: where.folder.name,
            messages,
          },
          now,
        ),
      );
    }
    return summary(actionIds, rows, targets);
  }

  function toAction(row: Row): QueuedAction {
    return {
      id: readInteger(row, 'id'),
      accountId: String(readInteger(row, 'account_id')),
      payload: JSON.parse(readText(row, 'payload_json')) as ActionPayload,
      createdAt: readInteger(row, 'created_at'),
      attempts: readInteger(row, 'attempts'),
      lastError: readOptionalText(row, 'last_error'),
      nextAttemptAt: readInteger(row, 'next_attempt_at'),
    };
  }

  function requireAction(actionId: number): QueuedAction | null {
    const row = selectAction.get(actionId);
    return row ? toAction(row) : null;
  }

  // A later action queued against a message still under its placeholder UID learns the real one.
  function resolvePlaceholders(action: QueuedAction, resolved: ReadonlyMap<number, number>): void {
    if (resolved.size === 0) return;
    for (const row of selectLaterOfAccount.all(toRowId(action.accountId), action.id)) {
      const later = toAction(row);
      const messages = later.payload.messages.map((entry) => ({ ...entry, uid: resolved.get(entry.uid) ?? entry.uid }));
      updatePayload.run(JSON.stringify({ ...later.payload, messages }), later.id);
    }
  }

  function complete(actionId: number, outcome: ActionOutcome): readonly string[] {
    const action = requireAction(actionId);
    if (action === null) return [];
    const payload = action.payload;
    const missing = new Set(outcome.missingUids);
    const touched = new Set([payload.folderId]);
    if (payload.kind === 'flags' || payload.kind === 'keywords') {
      // Gone on the server: the cached copy is stale, and so is the change.
      for (const entry of payload.messages) if (missing.has(entry.uid)) deleteMessage.run(toRowId(entry.id));
    }
    if (payload.kind === 'keywords') {
      // The folder could not store these: they stay on the messages here, and say so.
      for (const atom of outcome.keptLocal ?? []) {
        markLocalOnly.run(atom);
        for (const entry of payload.messages) if (!missing.has(entry.uid)) insertLocalKeyword.run(toRowId(entry.id), atom);
      }
    } else if (payload.kind === 'copy') {
      touched.add(payload.targetFolderId);
    } else if (payload.kind === 'move') {
      touched.add(payload.targetFolderId);
      const targetRowId = toRowId(payload.targetFolderId);
      const mapped = new Map(outcome.uidMap.map((pair) => [pair.source, pair.target]));
      const resolved = new Map<number, number>();
      for (const entry of payload.messages) {
        const newUid = mapped.get(entry.uid);
        if (missing.has(entry.uid) || newUid === undefined) {
          // Gone, or moved without COPYUID: the target's next sync brings the real copy.
          deleteMessage.run(toRowId(entry.id));
          continue;
        }
        // The target's sync may have fetched the moved copy already; keep ours (it may hold the body).
        deleteAtExcept.run(targetRowId, newUid, toRowId(entry.id));
        updatePlace.run(targetRowId, newUid, toRowId(entry.id));
        resolved.set(entry.placeholderUid, newUid);
      }
      resolvePlaceholders(action, resolved);
    }
    deleteAction.run(actionId);
    refresh(touched);
    return [...touched];
  }

  function revert(actionId: number): readonly string[] {
    const action = requireAction(actionId);
    if (action === null) return [];
    const payload = action.payload;
    const touched = new Set([payload.folderId]);
    if (payload.kind === 'copy') {
      // Nothing was changed here.
    } else if (payload.kind === 'flags' || payload.kind === 'keywords') {
      for (const entry of payload.messages) {
        updateFlags.run(entry.seen ? 1 : 0, entry.flagged ? 1 : 0, JSON.stringify(entry.keywords), toRowId(entry.id));
      }
    } else if (payload.kind === 'move') {
      touched.add(payload.targetFolderId);
      const sourceRowId = toRowId(payload.folderId);
      for (const entry of payload.messages) {
        // A sync that re-fetched the message at its old place already put it back.
        if (selectAt.get(sourceRowId, entry.uid)) deleteMessage.run(toRowId(entry.id));
        else updatePlace.run(sourceRowId, entry.uid, toRowId(entry.id));
      }
    } else {
      for (const entry of payload.messages) restoreRow(entry);
    }
    deleteAction.run(actionId);
    refresh(touched);
    return [...touched];
  }

  function restoreRow(entry: ExpungeEntry): void {
    const columns = Object.keys(entry.row).filter((column) => /^[a-z_]+$/.test(column));
    if (columns.length === 0) return;
    const values: SQLInputValue[] = columns.map((column) => entry.row[column] ?? null);
    database
      .prepare(`INSERT OR IGNORE INTO messages (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      .run(...values);
  }

  function reapply(folderIds: readonly string[]): readonly string[] {
    const wanted = new Set(folderIds);
    const touched = new Set<string>();
    for (const row of selectAll.all()) {
      const action = toAction(row);
      const payload = action.payload;
      if (payload.kind === 'flags') {
        for (const entry of payload.messages) {
          const current = loadMessage(entry.id);
          if (current === null || !wanted.has(current.folderId)) continue;
          // conflict rules (docs/decisions.md): the queued change is newer than the sync's view.
          const next = applyFlagTarget(current, payload.set);
          if (sameFlagState(current, next)) continue;
          updateFlags.run(next.seen ? 1 : 0, next.flagged ? 1 : 0, JSON.stringify(next.keywords), toRowId(entry.id));
          touched.add(current.folderId);
        }
      } else if (payload.kind === 'keywords') {
        for (const entry of payload.messages) {
          const current = loadMessage(entry.id);
          if (current === null || !wanted.has(current.folderId)) continue;
          const next = applyKeywordChange(current, payload.add, payload.remove);
          if (sameFlagState(current, next)) continue;
          updateFlags.run(next.seen ? 1 : 0, next.flagged ? 1 : 0, JSON.stringify(next.keywords), toRowId(entry.id));
          touched.add(current.folderId);
        }
      } else if (payload.kind !== 'copy' && wanted.has(payload.folderId)) {
        // The message is on its way out of this folder; a re-fetched copy must not reappear.
        for (const entry of payload.messages) {
          if (Number(deleteAtExcept.run(toRowId(payload.folderId), entry.uid, toRowId(entry.id)).changes) > 0) {
            touched.add(payload.folderId);
          }
        }
      }
    }
    refresh(touched);
    return [...touched];
  }

  return {
    enqueueFlags: (messageIds, set, now) => asPromise(() => runInTransaction(database, () => enqueueFlags(messageIds, set, now))),
    enqueueRemoval: (messageIds, target, now) =>
      asPromise(() => runInTransaction(database, () => enqueueRemoval(messageIds, target, now))),
    enqueueKeywords: (messageIds, add, remove, now) =>
      asPromise(() => runInTransaction(database, () => enqueueKeywords(messageIds, add, remove, now))),
    enqueueCopy: (messageIds, targetFolderId, now) =>
      asPromise(() => runInTransaction(database, () => enqueueCopy(messageIds, targetFolderId, now))),
    head: (accountId) =>
      asPromise(() => {
        const row = selectHead.get(toRowId(accountId));
        return row ? toAction(row) : null;
      }),
    accountsWithPending: () => asPromise(() => selectAccounts.all().map((row) => String(readInteger(row, 'account_id')))),
    count: () =>
      asPromise(() => {
        const row = countActions.get();
        return row ? readInteger(row, 'n') : 0;
      }),
    complete: (actionId, outcome) => asPromise(() => runInTransaction(database, () => complete(actionId, outcome))),
    revert: (actionId) => asPromise(() => runInTransaction(database, () => revert(actionId))),
    recordFailure: (actionId, message, nextAttemptAt) =>
      asPromise(() => {
        updateFailure.run(message, nextAttemptAt, actionId);
      }),
    // A first sync calls this after every header batch, almost always with nothing queued:
    // then no write transaction is begun, so this thread never sleeps on busy_timeout
    // while the header writer commits the next batch. An action queued on this connection
    // is always seen by the read.
    reapply: (folderIds) => asPromise(() => (anyAction.get() === undefined ? [] : runInTransaction(database, () => reapply(folderIds)))),
  };
}
