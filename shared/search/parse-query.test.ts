import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery } from './parse-query.ts';
import { highlightTerms, type SearchNode, type TextField } from './search-query.ts';

function parsed(input: string): SearchNode | null {
  const result = parseQuery(input);
  if (!result.ok) assert.fail(`expected ${input} to parse, got: ${result.message}`);
  return result.query;
}

function failure(input: string): { message: string; position: number } {
  const result = parseQuery(input);
  if (result.ok) assert.fail(`expected ${input} to be refused`);
  return { message: result.message, position: result.position };
}

function word(value: string, field: TextField | null = null): SearchNode {
  return { kind: 'text', field, value, phrase: false };
}

describe('parseQuery', () => {
  it('reads an empty or blank query as no query', () => {
    assert.equal(parsed(''), null);
    assert.equal(parsed('   '), null);
  });

  it('reads a free word', () => {
    assert.deepEqual(parsed('invoice'), word('invoice'));
  });

  it('reads several free words as all having to match', () => {
    assert.deepEqual(parsed('quarterly  invoice'), { kind: 'and', children: [word('quarterly'), word('invoice')] });
  });

  it('reads an exact phrase in quotes', () => {
    assert.deepEqual(parsed('"annual report" 2024'), {
      kind: 'and',
      children: [{ kind: 'text', field: null, value: 'annual report', phrase: true }, word('2024')],
    });
  });

  it('reads each field operator with a word or a phrase', () => {
    for (const field of ['from', 'to', 'cc', 'subject', 'body', 'filename'] as const) {
      assert.deepEqual(parsed(`${field}:alice`), word('alice', field));
      assert.deepEqual(parsed(`${field}:"Alice Smith"`), { kind: 'text', field, value: 'Alice Smith', phrase: true });
    }
    assert.deepEqual(parsed('from:bob@example.org'), word('bob@example.org', 'from'));
    assert.deepEqual(parsed('FROM:bob'), word('bob', 'from'));
    assert.deepEqual(parsed('filename:report.pdf'), word('report.pdf', 'filename'));
  });

  it('reads has:attachment', () => {
    assert.deepEqual(parsed('has:attachment'), { kind: 'has-attachment' });
    assert.deepEqual(parsed('has:attachments'), { kind: 'has-attachment' });
  });

  it('reads the is: flags', () => {
    assert.deepEqual(parsed('is:unread'), { kind: 'flag', flag: 'seen', set: false });
    assert.deepEqual(parsed('is:read'), { kind: 'flag', flag: 'seen', set: true });
    assert.deepEqual(parsed('is:flagged'), { kind: 'flag', flag: 'flagged', set: true });
    assert.deepEqual(parsed('is:unflagged'), { kind: 'flag', flag: 'flagged', set: false });
    assert.deepEqual(parsed('is:answered'), { kind: 'flag', flag: 'answered', set: true });
  });

  it('reads keyword: and its alias tag:', () => {
    assert.deepEqual(parsed('keyword:$label1'), { kind: 'keyword', name: '$label1' });
    assert.deepEqual(parsed('tag:work'), { kind: 'keyword', name: 'work' });
  });

  it('reads in: and account:', () => {
    assert.deepEqual(parsed('in:Archive'), { kind: 'folder', name: 'Archive' });
    assert.deepEqual(parsed('in:"Old mail"'), { kind: 'folder', name: 'Old mail' });
    assert.deepEqual(parsed('account:work'), { kind: 'account', name: 'work' });
  });

  it('reads before:, after: and on: with ISO dates', () => {
    assert.deepEqual(parsed('before:2024-03-01'), { kind: 'date', operator: 'before', day: { year: 2024, month: 3, day: 1 } });
    assert.deepEqual(parsed('after:2023-12-31'), { kind: 'date', operator: 'after', day: { year: 2023, month: 12, day: 31 } });
    assert.deepEqual(parsed('on:2024-02-29'), { kind: 'date', operator: 'on', day: { year: 2024, month: 2, day: 29 } });
  });

  it('reads larger: and smaller: with sizes in bytes, k, M and G', () => {
    assert.deepEqual(parsed('larger:10k'), { kind: 'size', operator: 'larger', bytes: 10_240 });
    assert.deepEqual(parsed('smaller:2M'), { kind: 'size', operator: 'smaller', bytes: 2 * 1024 * 1024 });
    assert.deepEqual(parsed('larger:500'), { kind: 'size', operator: 'larger', bytes: 500 });
    assert.deepEqual(parsed('smaller:1.5kb'), { kind: 'size', operator: 'smaller', bytes: 1536 });
    assert.deepEqual(parsed('larger:1G'), { kind: 'size', operator: 'larger', bytes: 1024 ** 3 });
  });

  it('reads OR between terms, binding looser than side-by-side terms', () => {
    assert.deepEqual(parsed('a b OR c'), {
      kind: 'or',
      children: [{ kind: 'and', children: [word('a'), word('b')] }, word('c')],
    });
    assert.deepEqual(parsed('from:ann OR from:bob OR from:cy'), {
      kind: 'or',
      children: [word('ann', 'from'), word('bob', 'from'), word('cy', 'from')],
    });
  });

  it('reads lower-case or as an ordinary word', () => {
    assert.deepEqual(parsed('this or that'), { kind: 'and', children: [word('this'), word('or'), word('that')] });
  });

  it('reads a leading - as negation of a word, an operator or a group', () => {
    assert.deepEqual(parsed('-spam'), { kind: 'not', child: word('spam') });
    assert.deepEqual(parsed('-is:read'), { kind: 'not', child: { kind: 'flag', flag: 'seen', set: true } });
    assert.deepEqual(parsed('-(a OR b)'), { kind: 'not', child: { kind: 'or', children: [word('a'), word('b')] } });
  });

  it('keeps a hyphen inside a word as part of it', () => {
    assert.deepEqual(parsed('e-mail'), word('e-mail'));
  });

  it('reads parentheses as grouping', () => {
    assert.deepEqual(parsed('(from:ann OR from:bob) subject:lunch'), {
      kind: 'and',
      children: [{ kind: 'or', children: [word('ann', 'from'), word('bob', 'from')] }, word('lunch', 'subject')],
    });
    assert.deepEqual(parsed('((a))'), word('a'));
  });

  it('keeps letters with diacritics and CJK as written', () => {
    assert.deepEqual(parsed('Résumé 東京'), { kind: 'and', children: [word('Résumé'), word('東京')] });
  });

  it('refuses an unknown operator, naming the known ones', () => {
    const { message, position } = failure('hello foo:bar');
    assert.match(message, /"foo:" is not a search operator/);
    assert.match(message, /from:/);
    assert.equal(position, 6);
  });

  it('refuses bad dates with a message that shows the format', () => {
    assert.match(failure('before:yesterday').message, /is not a date.*before:2024-03-31/);
    assert.match(failure('after:2024-13-01').message, /not a day of the calendar/);
    assert.match(failure('on:2023-02-29').message, /not a day of the calendar/);
    assert.match(failure('on:24-1-1').message, /year-month-day/);
  });

  it('refuses bad sizes, unknown is: and has: values', () => {
    assert.match(failure('larger:big').message, /not a size/);
    assert.match(failure('smaller:10q').message, /not a size/);
    assert.match(failure('is:important').message, /is:unread/);
    assert.match(failure('has:pdf').message, /has:attachment/);
  });

  it('refuses an operator without a value', () => {
    assert.match(failure('from:').message, /needs a value/);
    assert.match(failure('before: 2024-01-01').message, /before:2024-03-31/);
  });

  it('refuses unbalanced quotes and parentheses, dangling OR and -', () => {
    assert.match(failure('"open ended').message, /quotation mark is not closed/);
    assert.match(failure('(a OR b').message, /"\(" is not closed/);
    assert.match(failure('a)').message, /"\)" without a matching/);
    assert.match(failure('a OR').message, /OR needs a term on both sides/);
    assert.match(failure('OR a').message, /OR needs a term on both sides/);
    assert.match(failure('()').message, /parentheses are empty/);
    assert.match(failure('""').message, /quotation marks are empty/);
  });

  it('lists the positive words of a query for highlighting', () => {
    assert.deepEqual(highlightTerms(parsed('Résumé -spam (from:ann OR "big deal") is:unread')), ['Résumé', 'ann', 'big deal']);
    assert.deepEqual(highlightTerms(null), []);
  });
});
