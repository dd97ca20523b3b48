import type { DatabaseSync } from 'node:sqlite';
import type { ComposeRelation } from '../../shared/compose/compose-types.ts';
import type { FlagsPayload } from '../actions/action-types.ts';
import { applyFlagTarget } from '../actions/flag-state.ts';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';
import { readBoolean, readInteger, readJson, readOptionalInteger, readOptionalText, readText } from '../store/row-values.ts';
import { runInTransaction } from '../store/transaction.ts';

export type FlaggedOriginal = { readonly accountId: string; readonly folderId: string };

export type OriginalFlags = {
  // Marks the answered or forwarded message here and queues the same change for its server
  // in ONE transaction (the action queue, docs/decisions.md). Null when it is gone.
  markRelation(relation: ComposeRelation, now: number): Promise<FlaggedOriginal | null>;
};

export function createOriginalFlags(database: DatabaseSync): OriginalFlags {
  const selectMessage = database.prepare(`
    SELECT m.id, m.folder_id, m.uid, m.seen, m.flagged, m.answered, m.keywords_json, m.modseq,
      f.account_id, f.path, f.uid_validity
    FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id = ?`);
  const updateAnswered = database.prepare('UPDATE messages SET answered = 1 WHERE id = ?');
  const updateKeywords = database.prepare('UPDATE messages SET keywords_json = ? WHERE id = ?');
  const insertAction = database.prepare(
    "INSERT INTO actions (account_id, kind, payload_json, created_at) VALUES (?, 'flags', ?, ?)",
  );

  function mark(relation: ComposeRelation, now: number): FlaggedOriginal | null {
    const row = selectMessage.get(toRowId(relation.messageId));
    if (!row) return null;
    const uid = readInteger(row, 'uid');
    const state = {
      seen: readBoolean(row, 'seen'),
      flagged: readBoolean(row, 'flagged'),
      keywords: readJson<readonly string[]>(row, 'keywords_json', []),
    };
    const set = relation.kind === 'reply' ? { answered: true } : { forwarded: true };
    if (relation.kind === 'reply') updateAnswered.run(toRowId(relation.messageId));
    else updateKeywords.run(JSON.stringify(applyFlagTarget(state, set).keywords), toRowId(relation.messageId));
    const folderId = String(readInteger(row, 'folder_id'));
    const accountId = String(readInteger(row, 'account_id'));
    // A message moved but not yet confirmed (placeholder UID <= 0) has no server UID to flag.
    if (uid > 0) {
      const payload: FlagsPayload = {
        kind: 'flags',
        folderId,
        folderPath: readText(row, 'path'),
        uidValidity: readOptionalInteger(row, 'uid_validity'),
        set,
        messages: [{ id: relation.messageId, uid, ...state, modseq: readOptionalText(row, 'modseq') }],
      };
      insertAction.run(toRowId(accountId), JSON.stringify(payload), now);
    }
    return { accountId, folderId };
  }

  return {
    markRelation: (relation, now) => asPromise(() => runInTransaction(database, () => mark(relation, now))),
  };
}
