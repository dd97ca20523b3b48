// What the search channels carry across the process boundary.
import type { MessageSummary } from '../domain.ts';

export type SearchSort = 'date' | 'relevance';

// Where a result came from: the local index, the server's SEARCH, or both.
export type SearchOrigin = 'local' | 'server' | 'both';

export type SearchResultItem = MessageSummary & { readonly origin: SearchOrigin };

export type SearchPage = {
  readonly total: number;
  // True when counting stopped at total (the store counts to 1,000, then in steps of 1,000
  // as the list is scrolled past them): more messages may match, shown as "1,000+".
  readonly totalAtLeast?: boolean;
  readonly offset: number;
  readonly items: readonly SearchResultItem[];
  // The words to highlight in the list and the reader.
  readonly terms: readonly string[];
  // True once the server was searched for this query in this session.
  readonly serverSearched: boolean;
};

export type ServerSearchReport = {
  // Messages the server found, and how many of them were not cached before.
  readonly found: number;
  readonly fetched: number;
  // Accounts that could not be searched (offline, or failed), by name.
  readonly unreachable: readonly string[];
  // Parts of the query the server cannot answer; they were searched locally only. Empty
  // when the whole query went to the server.
  readonly localOnly: readonly string[];
  // Why the server was not searched at all, when it was not.
  readonly notSearched: string | null;
};

export type SavedSearch = {
  readonly id: string;
  readonly name: string;
  readonly query: string;
  readonly sort: SearchSort;
};

// Results asked for at a time: the list fetches pages as it scrolls, never every match.
export const searchPageSize = 100;
