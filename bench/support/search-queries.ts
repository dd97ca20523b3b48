// The search benchmark's 20 queries (bench/search.bench.ts), shared with its CPU profile
// (bench/support/search-cpu-profile.ts).
// One question in both languages. Operators notmuch lacks are spelled as notmuch does them:
// attachments and flags are tags there (notmuch new tags attachment/unread/flagged itself).
export const queries: readonly { readonly ours: string; readonly notmuch: string; readonly covers: string }[] = [
  { ours: 'invoice', notmuch: 'invoice', covers: 'a word anywhere' },
  { ours: 'from:zoe', notmuch: 'from:zoe', covers: 'from: (Zoë)' },
  { ours: 'to:bob', notmuch: 'to:bob', covers: 'to:' },
  { ours: 'subject:budget', notmuch: 'subject:budget', covers: 'subject:' },
  { ours: 'body:garden', notmuch: 'body:garden', covers: 'body:' },
  { ours: '"quarterly review"', notmuch: '"quarterly review"', covers: 'a phrase' },
  { ours: 'meet', notmuch: 'meet*', covers: 'a prefix (typing)' },
  { ours: 'has:attachment', notmuch: 'tag:attachment', covers: 'has:attachment' },
  { ours: 'filename:invoice', notmuch: 'attachment:invoice', covers: 'filename:' },
  { ours: 'after:2023-06-01 before:2023-07-01', notmuch: 'date:2023-06-01..2023-06-30', covers: 'a date range' },
  { ours: 'keyword:$label1', notmuch: 'tag:$label1', covers: 'keyword:' },
  { ours: 'is:unread', notmuch: 'tag:unread', covers: 'is:unread' },
  { ours: 'is:flagged', notmuch: 'tag:flagged', covers: 'is:flagged' },
  { ours: 'straße', notmuch: 'straße', covers: 'non-ASCII' },
  { ours: 'resume', notmuch: 'résumé', covers: 'accents folded (ours only)' },
  { ours: '東京', notmuch: '東京', covers: 'CJK, 2 characters' },
  { ours: '会議室', notmuch: '会議室', covers: 'CJK, 3 characters' },
  { ours: 'budget -invoice', notmuch: 'budget and not invoice', covers: 'negation' },
  { ours: 'meeting OR lunch', notmuch: 'meeting or lunch', covers: 'OR' },
  { ours: 'from:bob is:unread has:attachment', notmuch: 'from:bob and tag:unread and tag:attachment', covers: 'a combination' },
];
