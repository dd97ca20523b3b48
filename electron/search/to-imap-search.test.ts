import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery } from '../../shared/search/parse-query.ts';
import { toImapSearch, type ImapSearchKey, type ServerTranslation } from './to-imap-search.ts';

function translated(input: string): ServerTranslation {
  const result = parseQuery(input);
  if (!result.ok || result.query === null) assert.fail(`expected ${input} to parse`);
  return toImapSearch(result.query);
}

function criteria(input: string): ImapSearchKey {
  const result = translated(input);
  if (result.kind !== 'server') assert.fail(`expected ${input} to go to the server: ${result.reason}`);
  return result.criteria;
}

describe('toImapSearch', () => {
  it('sends a free word or phrase as TEXT', () => {
    assert.deepEqual(criteria('invoice'), { text: 'invoice' });
    assert.deepEqual(criteria('"annual report"'), { text: 'annual report' });
  });

  it('keeps non-ASCII values as written (imapflow sends them as literals with CHARSET UTF-8)', () => {
    assert.deepEqual(criteria('Résumé'), { text: 'Résumé' });
    assert.deepEqual(criteria('東京'), { text: '東京' });
  });

  it('sends from:, to:, cc:, subject: and body: as their own keys', () => {
    assert.deepEqual(criteria('from:bob@example.org'), { from: 'bob@example.org' });
    assert.deepEqual(criteria('to:ann'), { to: 'ann' });
    assert.deepEqual(criteria('cc:cy'), { cc: 'cy' });
    assert.deepEqual(criteria('subject:"lunch plans"'), { subject: 'lunch plans' });
    assert.deepEqual(criteria('body:pizza'), { body: 'pizza' });
  });

  it('sends the is: flags as SEEN/UNSEEN, FLAGGED/UNFLAGGED and ANSWERED', () => {
    assert.deepEqual(criteria('is:unread'), { seen: false });
    assert.deepEqual(criteria('is:read'), { seen: true });
    assert.deepEqual(criteria('is:flagged'), { flagged: true });
    assert.deepEqual(criteria('is:unflagged'), { flagged: false });
    assert.deepEqual(criteria('is:answered'), { answered: true });
  });

  it('sends keyword: and tag: as KEYWORD', () => {
    assert.deepEqual(criteria('keyword:$label1'), { keyword: '$label1' });
    assert.deepEqual(criteria('tag:work'), { keyword: 'work' });
  });

  it('sends dates as SENTBEFORE, SENTSINCE and SENTON', () => {
    assert.deepEqual(criteria('before:2024-03-01'), { sentBefore: '2024-03-01' });
    assert.deepEqual(criteria('after:2024-03-01'), { sentSince: '2024-03-01' });
    assert.deepEqual(criteria('on:2024-03-01'), { sentOn: '2024-03-01' });
  });

  it('sends sizes as LARGER and SMALLER in bytes', () => {
    assert.deepEqual(criteria('larger:10k'), { larger: 10_240 });
    assert.deepEqual(criteria('smaller:2M'), { smaller: 2_097_152 });
  });

  it('sends OR, - and groups as OR and NOT', () => {
    assert.deepEqual(criteria('from:ann OR from:bob'), { or: [{ from: 'ann' }, { from: 'bob' }] });
    assert.deepEqual(criteria('-is:read'), { not: { seen: true } });
    assert.deepEqual(criteria('-(a OR b) subject:x'), { not: { or: [{ text: 'a' }, { text: 'b' }] }, subject: 'x' });
  });

  it('merges different keys of side-by-side terms into one AND', () => {
    assert.deepEqual(criteria('from:ann is:unread larger:1k'), { from: 'ann', seen: false, larger: 1024 });
  });

  it('keeps two terms on the same key by De Morgan, as NOT (OR (NOT a) (NOT b))', () => {
    assert.deepEqual(criteria('quarterly invoice'), { not: { or: [{ not: { text: 'quarterly' } }, { not: { text: 'invoice' } }] } });
  });

  it('turns top-level in: and account: into the scope of the search', () => {
    const result = translated('in:Archive account:work invoice');
    assert.equal(result.kind, 'server');
    assert.deepEqual(result.folderNames, ['Archive']);
    assert.deepEqual(result.accountNames, ['work']);
    assert.deepEqual(result.criteria, { text: 'invoice' });
  });

  it('leaves top-level has:attachment and filename: to the local check, saying so', () => {
    const result = translated('invoice has:attachment filename:pdf');
    assert.equal(result.kind, 'server');
    assert.deepEqual(result.criteria, { text: 'invoice' });
    assert.deepEqual(result.localOnly, [{ kind: 'has-attachment' }, { kind: 'text', field: 'filename', value: 'pdf', phrase: false }]);
  });

  it('refuses to send what the server cannot answer inside OR or -', () => {
    const inOr = translated('has:attachment OR from:bob');
    assert.equal(inOr.kind, 'local-only');
    assert.match(inOr.reason, /has:attachment/);
    const negated = translated('-filename:exe');
    assert.equal(negated.kind, 'local-only');
    const folderInOr = translated('in:Archive OR in:Sent');
    assert.equal(folderInOr.kind, 'local-only');
  });

  it('does not ask the server when only local terms or only the scope remain', () => {
    assert.equal(translated('has:attachment').kind, 'local-only');
    assert.equal(translated('in:Inbox').kind, 'local-only');
  });
});
