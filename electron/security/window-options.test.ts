import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createWindowOptions } from './window-options.ts';

const preload = path.resolve('dist/electron/preload.cjs');

describe('createWindowOptions', () => {
  const expectedPreferences = [
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webviewTag', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
  ] as const;

  for (const [name, value] of expectedPreferences) {
    it(`sets ${name} to ${String(value)}`, () => {
      assert.equal(createWindowOptions(preload).webPreferences?.[name], value);
    });
  }

  it('passes the preload path through unchanged', () => {
    assert.equal(createWindowOptions(preload).webPreferences?.preload, preload);
  });

  it('opens a window large enough for three panes and hides it until it is ready', () => {
    const options = createWindowOptions(preload);
    assert.ok((options.width ?? 0) >= 1024);
    assert.ok((options.minWidth ?? 0) >= 640);
    assert.equal(options.show, false);
  });

  const hostilePaths = ['', 'preload.cjs', './dist/electron/preload.cjs', '../preload.cjs', `${preload}\n`, `${preload}\0.js`];
  for (const hostile of hostilePaths) {
    it(`refuses the preload path ${JSON.stringify(hostile)}`, () => {
      assert.throws(() => createWindowOptions(hostile), /absolute path/);
    });
  }
});
