// The parsed form of a search query: the one tree that the local index (SQLite FTS5)
// and the server (IMAP SEARCH) are both translated from.

// Where a text term is looked for; null means anywhere (subject, people, body, file names).
export type TextField = 'from' | 'to' | 'cc' | 'subject' | 'body' | 'filename';

export type FlagName = 'seen' | 'flagged' | 'answered';

export type DateOperator = 'before' | 'after' | 'on';

export type SizeOperator = 'larger' | 'smaller';

// A calendar day as written (ISO 8601 YYYY-MM-DD), independent of any time zone: the
// local index reads it in the user's zone, IMAP SEARCH dates have no zone (RFC 3501 6.4.4).
export type CalendarDay = {
  readonly year: number;
  readonly month: number;
  readonly day: number;
};

export type SearchNode =
  // A word (phrase: false) also matches longer words it begins, so results come while
  // typing; a phrase ("in quotes") matches its words exactly and in order.
  | { readonly kind: 'text'; readonly field: TextField | null; readonly value: string; readonly phrase: boolean }
  | { readonly kind: 'has-attachment' }
  | { readonly kind: 'flag'; readonly flag: FlagName; readonly set: boolean }
  | { readonly kind: 'keyword'; readonly name: string }
  | { readonly kind: 'folder'; readonly name: string }
  | { readonly kind: 'account'; readonly name: string }
  | { readonly kind: 'date'; readonly operator: DateOperator; readonly day: CalendarDay }
  | { readonly kind: 'size'; readonly operator: SizeOperator; readonly bytes: number }
  | { readonly kind: 'and'; readonly children: readonly SearchNode[] }
  | { readonly kind: 'or'; readonly children: readonly SearchNode[] }
  | { readonly kind: 'not'; readonly child: SearchNode };

export type ParseResult =
  | { readonly ok: true; readonly query: SearchNode | null }
  | { readonly ok: false; readonly message: string; readonly position: number };

// The words a query matched, for highlighting: positive text terms only.
export function highlightTerms(node: SearchNode | null): readonly string[] {
  const terms: string[] = [];
  function walk(current: SearchNode, negated: boolean): void {
    switch (current.kind) {
      case 'text':
        if (!negated) terms.push(current.value);
        return;
      case 'and':
      case 'or':
        for (const child of current.children) walk(child, negated);
        return;
      case 'not':
        walk(current.child, !negated);
        return;
      default:
        return;
    }
  }
  if (node !== null) walk(node, false);
  return terms;
}
