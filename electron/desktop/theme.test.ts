import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { windowBackgroundColour } from './theme.ts';

const styles = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'renderer', 'styles.css'), 'utf8');

function pageBackground(css: string): string | undefined {
  return /--bg:\s*(#[0-9a-fA-F]{6})/.exec(css)?.[1]?.toLowerCase();
}

describe('windowBackgroundColour', () => {
  it("paints the window in the page's own light background", () => {
    assert.equal(windowBackgroundColour(false), pageBackground(styles));
  });

  it("paints the window in the page's own dark background", () => {
    const dark = styles.slice(styles.indexOf('prefers-color-scheme: dark'));
    assert.equal(windowBackgroundColour(true), pageBackground(dark));
  });
});
