// The parsed query -> IMAP SEARCH criteria (RFC 3501 6.4.4), in imapflow's object form;
// imapflow adds CHARSET UTF-8 and sends non-ASCII values as literals (RFC 3501 9).
import type { SearchNode } from '../../shared/search/search-query.ts';
import { assertNever } from '../../shared/errors.ts';

// The subset of imapflow's SearchObject we produce (structurally compatible with it).
export type ImapSearchKey = {
  all?: boolean;
  text?: string;
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  body?: string;
  seen?: boolean;
  flagged?: boolean;
  answered?: boolean;
  keyword?: string;
  // ISO days (YYYY-MM-DD); SENT* compare the Date: header, as the local index does.
  sentBefore?: string;
  sentSince?: string;
  sentOn?: string;
  larger?: number;
  smaller?: number;
  not?: ImapSearchKey;
  or?: ImapSearchKey[];
};

export type ServerTranslation =
  | {
      readonly kind: 'server';
      readonly criteria: ImapSearchKey;
      // From top-level in: and account: terms: which folders and accounts to search.
      readonly folderNames: readonly string[];
      readonly accountNames: readonly string[];
      // Top-level terms IMAP SEARCH has no key for (has:attachment, filename:). The server
      // answers the rest; these are then checked locally against the fetched headers
      // (BODYSTRUCTURE tells attachments and their names).
      readonly localOnly: readonly SearchNode[];
    }
  | { readonly kind: 'local-only'; readonly reason: string };

class Untranslatable extends Error {}

export function toImapSearch(query: SearchNode): ServerTranslation {
  const top = query.kind === 'and' ? query.children : [query];
  const folderNames: string[] = [];
  const accountNames: string[] = [];
  const localOnly: SearchNode[] = [];
  const keys: ImapSearchKey[] = [];
  try {
    for (const node of top) {
      if (node.kind === 'folder') folderNames.push(node.name);
      else if (node.kind === 'account') accountNames.push(node.name);
      else if (!isTranslatable(node)) localOnly.push(node);
      else keys.push(translate(node));
    }
  } catch (error) {
    if (error instanceof Untranslatable) return { kind: 'local-only', reason: error.message };
    throw error;
  }
  if (keys.length === 0) {
    return {
      kind: 'local-only',
      reason:
        localOnly.length > 0
          ? `The server cannot search by ${localOnly.map(describeNode).join(' or ')}; the local index answers it.`
          : 'The query names only folders or accounts; nothing is left to ask the server.',
    };
  }
  return { kind: 'server', criteria: andKeys(keys), folderNames, accountNames, localOnly };
}

export function describeNode(node: SearchNode): string {
  switch (node.kind) {
    case 'has-attachment':
      return 'has:attachment';
    case 'text':
      return node.field === null ? 'text' : `${node.field}:`;
    case 'folder':
      return 'in:';
    case 'account':
      return 'account:';
    default:
      return node.kind;
  }
}

function isTranslatable(node: SearchNode): boolean {
  return node.kind !== 'has-attachment' && !(node.kind === 'text' && node.field === 'filename');
}

function translate(node: SearchNode): ImapSearchKey {
  switch (node.kind) {
    case 'text':
      switch (node.field) {
        case null:
          return { text: node.value };
        case 'filename':
          throw new Untranslatable('The server cannot search attachment names (filename:) inside OR or -; the local index answers it.');
        default:
          return { [node.field]: node.value };
      }
    case 'has-attachment':
      throw new Untranslatable('The server cannot search for attachments (has:attachment) inside OR or -; the local index answers it.');
    case 'flag':
      return { [node.flag]: node.set };
    case 'keyword':
      return { keyword: node.name };
    case 'folder':
    case 'account':
      throw new Untranslatable(`${describeNode(node)} inside OR or - cannot be sent to the server; the local index answers it.`);
    case 'date': {
      const day = `${String(node.day.year).padStart(4, '0')}-${String(node.day.month).padStart(2, '0')}-${String(node.day.day).padStart(2, '0')}`;
      // after: is "on or after" (IMAP SINCE, RFC 3501 6.4.4); before: is strictly before.
      if (node.operator === 'before') return { sentBefore: day };
      if (node.operator === 'after') return { sentSince: day };
      return { sentOn: day };
    }
    case 'size':
      return node.operator === 'larger' ? { larger: node.bytes } : { smaller: node.bytes };
    case 'and':
      return andKeys(node.children.map(translate));
    case 'or':
      return { or: node.children.map(translate) };
    case 'not':
      return { not: translate(node.child) };
    default:
      return assertNever(node);
  }
}

// IMAP ANDs keys written side by side. One object cannot hold a key twice (two words both
// under TEXT), so colliding terms become NOT (OR (NOT a) (NOT b)), which is a AND b.
export function andKeys(keys: readonly ImapSearchKey[]): ImapSearchKey {
  if (keys.length === 1 && keys[0] !== undefined) return keys[0];
  const merged: Record<string, unknown> = {};
  for (const key of keys) {
    if (Object.keys(key).some((name) => name in merged)) {
      return { not: { or: keys.map((each) => ({ not: each })) } };
    }
    Object.assign(merged, key);
  }
  return merged;
}
