import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { readWindowState, windowStatePath, writeWindowState } from './window-state-file.ts';

describe('window state file', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'letterbox-window-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the state and reads it back, leaving no temporary file', () => {
    const file = windowStatePath(dir);
    const state = { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true, fullScreen: false };
    writeWindowState(file, state);
    assert.deepEqual(readWindowState(file), state);
    assert.deepEqual(readdirSync(dir), ['window-state.json']);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('replaces the previous state whole', () => {
    const file = windowStatePath(dir);
    writeWindowState(file, { bounds: { x: 1, y: 1, width: 1000, height: 1000 }, maximized: false, fullScreen: true });
    writeWindowState(file, { bounds: { x: 2, y: 2, width: 800, height: 600 }, maximized: false, fullScreen: false });
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { bounds: { x: 2, y: 2, width: 800, height: 600 }, maximized: false, fullScreen: false });
  });

  it('reads a missing, truncated or foreign file as no state', () => {
    const file = windowStatePath(dir);
    assert.equal(readWindowState(file), null);
    writeFileSync(file, '{"bounds":{"x":1,');
    assert.equal(readWindowState(file), null);
    writeFileSync(file, '[1,2,3]');
    assert.equal(readWindowState(file), null);
  });

  it('fails loudly, and cleans up, when the directory is not writable', () => {
    const file = path.join(dir, 'missing-dir', 'window-state.json');
    assert.throws(() => {
      writeWindowState(file, { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false, fullScreen: false });
    }, /ENOENT/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
