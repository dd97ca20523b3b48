import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxHtmlNestingDepth, nestsDeeperThan } from './html-nesting-depth.ts';

describe('nestsDeeperThan', () => {
  it('finds 100,000 nested elements, and stops counting at the limit', () => {
    const deep = `${'<div>'.repeat(100_000)}text${'</div>'.repeat(100_000)}`;
    assert.equal(nestsDeeperThan(deep), true);
    assert.equal(nestsDeeperThan(`${'<span>'.repeat(maxHtmlNestingDepth)}x`), false);
    assert.equal(nestsDeeperThan(`${'<span>'.repeat(maxHtmlNestingDepth + 1)}x`), true);
  });

  it('lets a newsletter of nested tables and thousands of unclosed cells and paragraphs through', () => {
    const table = (inner: string) => `<table><tbody><tr><td><center>${inner}</center></td></tr></tbody></table>`;
    let newsletter = '<p>hello';
    for (let level = 0; level < 40; level += 1) newsletter = table(newsletter);
    const sloppy = `<table>${'<tr><td>cell'.repeat(5000)}</table>${'<p>para'.repeat(5000)}${'<li>item'.repeat(5000)}`;
    assert.equal(nestsDeeperThan(`<html><body>${newsletter}${sloppy}</body></html>`), false);
  });

  it('counts neither void elements, comments, nor tags inside script, style or title text', () => {
    const voids = '<br><img src=x><hr><input><meta><link><wbr>'.repeat(10_000);
    const hidden = `<!-- ${'<div>'.repeat(1000)} --><style>${'<div>'.repeat(1000)}</style><title>${'<b>'.repeat(1000)}</TITLE><script>${'<i>'.repeat(1000)}</script>`;
    assert.equal(nestsDeeperThan(`${voids}${hidden}<div>ok</div>`, 10), false);
  });

  it('closes down to the nearest open element of the same name, as the parser does', () => {
    // Each </div> closes the <b> opened inside it too, so depth never builds up.
    assert.equal(nestsDeeperThan('<div><b>x</div>'.repeat(10_000), 3), false);
    // A stray end tag closes nothing.
    assert.equal(nestsDeeperThan(`${'</section>'.repeat(10)}${'<div>'.repeat(4)}`, 3), true);
  });

  // A quadratic scan of these would run for hours; the timeout only stops a hung run.
  it('stays linear on text full of "<" that never closes a tag', { timeout: 120_000 }, () => {
    assert.equal(nestsDeeperThan('<a'.repeat(2_000_000)), false);
    assert.equal(nestsDeeperThan(`>${'<a '.repeat(1_000_000)}`), false);
  });
});
