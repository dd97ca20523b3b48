import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageSummary } from '../../../shared/domain.ts';
import { edgePages, emptyPages, indexOfMessage, invalidate, maxCachedPages, missingPages, pageSize, rowAt, withPage } from './message-pages.ts';

function message(id: string): MessageSummary {
  return {
    id,
    folderId: 'f',
    accountId: 'a',
    uid: 1,
    messageId: null,
    subject: id,
    from: null,
    to: [],
    date: 1,
    size: 1,
    flags: { seen: true, flagged: false, answered: false, draft: false, deleted: false },
    keywords: [],
    hasAttachments: false,
    bodyState: 'headers',
  };
}

function page(prefix: string, count: number) {
  return Array.from({ length: count }, (_unused, index) => message(`${prefix}${index}`));
}

describe('message pages', () => {
  it('keeps a bounded number of pages, dropping the least recently answered', () => {
    const total = pageSize * (maxCachedPages + 10);
    let state = emptyPages;
    for (let index = 0; index < maxCachedPages + 10; index += 1) state = withPage(state, 0, index, { total, offset: index * pageSize, items: page(`p${index}-`, pageSize) });
    assert.equal(state.pages.size, maxCachedPages);
    // The first page is kept (an edge), the second is not.
    assert.equal(rowAt(state, 0)?.id, 'p0-0');
    assert.equal(rowAt(state, pageSize), null);
    assert.equal(rowAt(state, total - 1)?.id, `p${maxCachedPages + 9}-${pageSize - 1}`);
    // Stale pages count too: after a change, fresh ones push the oldest stale ones out.
    state = withPage(invalidate(state), 1, 0, { total, offset: 0, items: page('new-', pageSize) });
    assert.equal(state.pages.size + state.stale.size, maxCachedPages);
    assert.equal(rowAt(state, 0)?.id, 'new-0');
    assert.equal(rowAt(state, 10 * pageSize), null);
    assert.equal(rowAt(state, total - 1)?.id, `p${maxCachedPages + 9}-${pageSize - 1}`);
  });

  it('keeps the first and last pages however far the list was scrolled between them', () => {
    const pageCount = maxCachedPages * 3;
    const total = pageSize * pageCount - 7;
    let state = withPage(emptyPages, 0, 0, { total, offset: 0, items: page('first-', pageSize) });
    state = withPage(state, 0, pageCount - 1, { total, offset: (pageCount - 1) * pageSize, items: page('last-', pageSize - 7) });
    for (let index = 1; index < pageCount - 1; index += 1) state = withPage(state, 0, index, { total, offset: index * pageSize, items: page(`p${index}-`, pageSize) });
    assert.equal(state.pages.size, maxCachedPages);
    assert.equal(rowAt(state, 0)?.id, 'first-0');
    assert.equal(rowAt(state, total - 1)?.id, `last-${pageSize - 8}`);
    assert.equal(rowAt(state, pageSize * maxCachedPages), null);
    assert.deepEqual(edgePages(total), [0, pageCount - 1]);
    assert.deepEqual(edgePages(pageSize), [0]);
    assert.deepEqual(edgePages(0), [0]);
  });

  it('finds rows by index across pages', () => {
    let state = withPage(emptyPages, 0, 0, { total: 250, offset: 0, items: page('a', pageSize) });
    state = withPage(state, 0, 1, { total: 250, offset: pageSize, items: page('b', 50) });
    assert.equal(rowAt(state, 0)?.id, 'a0');
    assert.equal(rowAt(state, 201)?.id, 'b1');
    assert.equal(rowAt(state, 250), null);
    assert.equal(state.total, 250);
  });

  it('ignores an answer that arrives after the cache was invalidated', () => {
    const state = invalidate(emptyPages);
    assert.equal(withPage(state, 0, 0, { total: 1, offset: 0, items: page('x', 1) }), state);
  });

  it('keeps showing stale rows after invalidation until the fresh page replaces them', () => {
    const loaded = withPage(emptyPages, 0, 0, { total: 2, offset: 0, items: page('old', 2) });
    const invalidated = invalidate(loaded);
    assert.equal(rowAt(invalidated, 1)?.id, 'old1');
    assert.deepEqual(missingPages(invalidated, [0]), [0]);
    const refreshed = withPage(invalidated, 1, 0, { total: 1, offset: 0, items: page('new', 1) });
    assert.equal(rowAt(refreshed, 0)?.id, 'new0');
    assert.equal(rowAt(refreshed, 1), null);
    assert.equal(refreshed.stale.size, 0);
  });

  it('reports only pages not yet fetched as missing', () => {
    const state = withPage(emptyPages, 0, 2, { total: 1000, offset: 400, items: page('c', pageSize) });
    assert.deepEqual(missingPages(state, [1, 2, 3]), [1, 3]);
  });

  it('finds where a message moved to', () => {
    const state = withPage(emptyPages, 0, 1, { total: 400, offset: 200, items: page('d', pageSize) });
    assert.equal(indexOfMessage(state, 'd5'), 205);
    assert.equal(indexOfMessage(state, 'nope'), null);
  });
});
