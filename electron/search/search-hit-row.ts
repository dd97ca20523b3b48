// A result page's summaries, read as arrays (node:sqlite's setReturnArrays): no object with
// 21 named keys built per row only to be read once, and the JSON columns decoded through a
// memo (json-text-memo.ts). The columns are listed here, so each index below follows them.
import type { SQLOutputValue } from 'node:sqlite';
import type { Address } from '../../shared/domain.ts';
import { toLocation } from '../store/message-repository.ts';
import type { JsonTextMemo } from '../store/json-text-memo.ts';
import type { SearchHit } from './search-repository.ts';

const hitColumns = [
  'm.id',
  'm.folder_id',
  'm.uid',
  'm.message_id',
  'm.subject',
  'm.from_json',
  'm.to_json',
  'm.date',
  'm.size',
  'm.seen',
  'm.flagged',
  'm.answered',
  'm.draft',
  'm.deleted',
  'm.keywords_json',
  'm.has_attachments',
  'm.body_state',
  'f.account_id',
  'location',
  'local_match',
  'server_match',
] as const;

type HitColumn = (typeof hitColumns)[number];
const at = (column: HitColumn): number => hitColumns.indexOf(column);
const idAt = at('m.id');
const folderAt = at('m.folder_id');
const uidAt = at('m.uid');
const messageIdAt = at('m.message_id');
const subjectAt = at('m.subject');
const fromAt = at('m.from_json');
const toAt = at('m.to_json');
const dateAt = at('m.date');
const sizeAt = at('m.size');
const seenAt = at('m.seen');
const flaggedAt = at('m.flagged');
const answeredAt = at('m.answered');
const draftAt = at('m.draft');
const deletedAt = at('m.deleted');
const keywordsAt = at('m.keywords_json');
const attachmentsAt = at('m.has_attachments');
const bodyStateAt = at('m.body_state');
const accountAt = at('f.account_id');
const locationAt = at('location');
const localAt = at('local_match');
const serverAt = at('server_match');

// locationColumn ends "AS location"; the two match columns are SQL expressions.
export function summaryHitColumns(locationColumn: string, localMatch: string, serverMatch: string): string {
  return `${hitColumns.slice(0, at('location')).join(', ')}, ${locationColumn}, ${localMatch} AS local_match, ${serverMatch} AS server_match`;
}

function integer(value: SQLOutputValue | undefined, column: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new Error(`Column ${column} is not a number`);
}

function text(value: SQLOutputValue | undefined, column: string): string {
  if (typeof value !== 'string') throw new Error(`Column ${column} is not text`);
  return value;
}

function optionalText(value: SQLOutputValue | undefined, column: string): string | null {
  return value === null || value === undefined ? null : text(value, column);
}

export function toHitFromArray(row: readonly SQLOutputValue[], json: JsonTextMemo): SearchHit {
  const from = optionalText(row[fromAt], 'from_json');
  const to = optionalText(row[toAt], 'to_json');
  const keywords = optionalText(row[keywordsAt], 'keywords_json');
  const local = integer(row[localAt], 'local_match') !== 0;
  const server = integer(row[serverAt], 'server_match') !== 0;
  return {
    id: String(integer(row[idAt], 'id')),
    folderId: String(integer(row[folderAt], 'folder_id')),
    accountId: String(integer(row[accountAt], 'account_id')),
    uid: integer(row[uidAt], 'uid'),
    messageId: optionalText(row[messageIdAt], 'message_id'),
    subject: text(row[subjectAt], 'subject'),
    from: from === null ? null : (json(from) as Address | null),
    to: to === null ? [] : (json(to) as readonly Address[]),
    date: integer(row[dateAt], 'date'),
    size: integer(row[sizeAt], 'size'),
    flags: {
      seen: integer(row[seenAt], 'seen') !== 0,
      flagged: integer(row[flaggedAt], 'flagged') !== 0,
      answered: integer(row[answeredAt], 'answered') !== 0,
      draft: integer(row[draftAt], 'draft') !== 0,
      deleted: integer(row[deletedAt], 'deleted') !== 0,
    },
    keywords: keywords === null ? [] : (json(keywords) as readonly string[]),
    hasAttachments: integer(row[attachmentsAt], 'has_attachments') !== 0,
    bodyState: text(row[bodyStateAt], 'body_state') === 'full' ? 'full' : 'headers',
    location: toLocation(optionalText(row[locationAt], 'location')),
    origin: local && server ? 'both' : server ? 'server' : 'local',
  };
}
