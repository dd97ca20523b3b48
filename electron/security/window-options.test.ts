import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { BrowserWindowConstructorOptions } from 'electron';
import { appWindowSize, createAppWindow, type AppWindowLook } from './window-options.ts';

const preload = path.resolve('dist/electron/preload.cjs');
const look: AppWindowLook = { bounds: { x: 10, y: 20, width: 1280, height: 820 }, backgroundColor: '#ffffff' };

// Stands in for Electron's BrowserWindow: records what it was constructed with.
class RecordingWindow {
  readonly options: BrowserWindowConstructorOptions;
  constructor(options: BrowserWindowConstructorOptions) {
    this.options = options;
  }
}

function created(overrides: Partial<AppWindowLook> = {}): BrowserWindowConstructorOptions {
  return createAppWindow(RecordingWindow, preload, { ...look, ...overrides }).options;
}

describe('createAppWindow', () => {
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
    ['safeDialogs', true],
  ] as const;

  for (const [name, value] of expectedPreferences) {
    it(`creates the window with ${name} set to ${String(value)}`, () => {
      assert.equal(created().webPreferences?.[name], value);
    });
  }

  it('sets no other web preference than the ones it checks, the preload and spell checking', () => {
    const names = Object.keys(created().webPreferences ?? {}).sort();
    assert.deepEqual(names, [...expectedPreferences.map(([name]) => name), 'preload', 'spellcheck'].sort());
  });

  it('passes the preload path through unchanged', () => {
    assert.equal(created().webPreferences?.preload, preload);
  });

  it('takes its place and background from the caller, its minimum size from appWindowSize, and hides until ready', () => {
    const options = created();
    assert.deepEqual([options.x, options.y, options.width, options.height], [10, 20, 1280, 820]);
    assert.equal(options.backgroundColor, '#ffffff');
    assert.equal(options.minWidth, appWindowSize.minWidth);
    assert.equal(options.show, false);
  });

  it('never lets what the caller passes reach the web preferences', () => {
    const hostile = { ...look, webPreferences: { sandbox: false, nodeIntegration: true }, show: true } as unknown as AppWindowLook;
    const options = createAppWindow(RecordingWindow, preload, hostile).options;
    assert.deepEqual([options.webPreferences?.sandbox, options.webPreferences?.nodeIntegration], [true, false]);
    assert.equal(options.show, false);
  });

  const hostilePaths = ['', 'preload.cjs', './dist/electron/preload.cjs', '../preload.cjs', `${preload}\n`, `${preload}\0.js`, 42 as unknown as string];
  for (const hostile of hostilePaths) {
    it(`refuses the preload path ${JSON.stringify(hostile)}`, () => {
      assert.throws(() => createAppWindow(RecordingWindow, hostile, look), /absolute path/);
    });
  }
});
