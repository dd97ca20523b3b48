import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchPageSize, type SearchPage, type SearchResultItem } from '../../../shared/search/search-types.ts';
import { answered, emptySearchPages, forQuery, indexOfResult, invalidateSearchPages, missingSearchPages, resultAt, withSearchPage } from './search-pages.ts';

function item(id: string): SearchResultItem {
  return {
    id,
    folderId: '1',
    accountId: '1',
    uid: Number(id),
    messageId: null,
    subject: `Message ${id}`,
    from: null,
    to: [],
    date: 0,
    size: 0,
    flags: {
      seen: true,
      flagged: false,
      answered: false,
      draft: false,
      deleted: false,
    },
    keywords: [],
    hasAttachments: false,
    bodyState: 'headers',
    origin: 'local',
  };
}

function page(total: number, ids: readonly string[]): SearchPage {
  return {
    total,
    offset: 0,
    items: ids.map(item),
    terms: ['lunch'],
    serverSearched: false,
  };
}

describe('search result pages', () => {
  it('places each page at its offset and leaves the rows between unloaded', () => {
    let state = emptySearchPages('lunch');
    assert.equal(answered(state), false);
    state = withSearchPage(state, 'lunch', 0, 0, page(25_000, ['1', '2']));
    state = withSearchPage(state, 'lunch', 0, 3, page(25_000, ['301']));
    assert.equal(answered(state), true);
    assert.equal(state.total, 25_000);
    assert.equal(resultAt(state, 1)?.id, '2');
    assert.equal(resultAt(state, 3 * searchPageSize)?.id, '301');
    assert.equal(resultAt(state, searchPageSize), null);
    assert.deepEqual(missingSearchPages(state, [0, 1, 2, 3]), [1, 2]);
    assert.equal(indexOfResult(state, '301'), 3 * searchPageSize);
  });

  it('drops an answer for a query that is no longer the one shown', () => {
    let state = forQuery(emptySearchPages('lun'), 'lunch');
    state = withSearchPage(state, 'lun', 0, 0, page(9, ['9']));
    assert.equal(resultAt(state, 0), null);
    assert.equal(state.total, null);
  });

  it('keeps the previous query on screen until the new one answers, then shows only the new one', () => {
    let state = withSearchPage(emptySearchPages('lu'), 'lu', 0, 0, page(2, ['1', '2']));
    state = forQuery(state, 'lunch');
    assert.equal(answered(state), false);
    assert.equal(resultAt(state, 1)?.id, '2');
    state = withSearchPage(state, 'lunch', state.generation, 0, page(1, ['7']));
    assert.equal(resultAt(state, 0)?.id, '7');
    assert.equal(resultAt(state, 1), null);
    assert.equal(state.stale.size, 0);
  });

  it('keeps stale rows after a change until their page is fetched again, and ignores answers from before it', () => {
    let state = withSearchPage(emptySearchPages('lunch'), 'lunch', 0, 0, page(300, ['1']));
    state = withSearchPage(state, 'lunch', 0, 2, page(300, ['201']));
    const before = state.generation;
    state = invalidateSearchPages(state);
    assert.equal(answered(state), true);
    assert.equal(resultAt(state, 2 * searchPageSize)?.id, '201');
    assert.deepEqual(missingSearchPages(state, [0, 2]), [0, 2]);
    state = withSearchPage(state, 'lunch', before, 0, page(300, ['old']));
    assert.equal(resultAt(state, 0)?.id, '1');
    state = withSearchPage(state, 'lunch', state.generation, 0, page(301, ['new', '1']));
    assert.equal(resultAt(state, 0)?.id, 'new');
    assert.equal(resultAt(state, 2 * searchPageSize)?.id, '201');
    assert.equal(state.total, 301);
  });

  it('grows a count that stopped at its cap as later pages answer, and never shrinks it for a late earlier page', () => {
    const capped = (total: number, ids: readonly string[]): SearchPage => ({ ...page(total, ids), totalAtLeast: true });
    let state = withSearchPage(emptySearchPages('lunch'), 'lunch', 0, 0, capped(1000, ['1']));
    assert.deepEqual([state.total, state.totalAtLeast], [1000, true]);
    state = withSearchPage(state, 'lunch', 0, 9, capped(2000, ['901']));
    state = withSearchPage(state, 'lunch', 0, 0, capped(1000, ['1']));
    assert.deepEqual([state.total, state.totalAtLeast], [2000, true]);
    state = withSearchPage(state, 'lunch', 0, 19, page(1950, ['1901']));
    assert.deepEqual([state.total, state.totalAtLeast], [1950, false], 'an exact count replaces the lower bound');
    state = withSearchPage(forQuery(state, 'lunc'), 'lunc', state.generation + 1, 0, capped(1000, ['5']));
    assert.deepEqual([state.total, state.totalAtLeast], [1000, true], 'a new query starts its own count');
  });
});
