import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { findElectronBinary } from './electron-binary.ts';

describe('findElectronBinary', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'letterbox-electron-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the executable path.txt names inside dist', async () => {
    await mkdir(path.join(dir, 'dist'));
    await writeFile(path.join(dir, 'dist', 'electron'), '');
    await writeFile(path.join(dir, 'path.txt'), 'electron');
    assert.equal(findElectronBinary(dir), path.join(dir, 'dist', 'electron'));
  });

  it('finds nothing when the binary was never downloaded', () => {
    assert.equal(findElectronBinary(dir), null);
  });

  it('finds nothing when path.txt names a file that is missing', async () => {
    await writeFile(path.join(dir, 'path.txt'), 'electron');
    assert.equal(findElectronBinary(dir), null);
  });

  for (const hostile of ['', '../../../bin/sh', '/bin/sh', 'sub/../../escape']) {
    it(`refuses path.txt naming ${JSON.stringify(hostile)}`, async () => {
      await mkdir(path.join(dir, 'dist'));
      await writeFile(path.join(dir, 'path.txt'), hostile);
      assert.equal(findElectronBinary(dir), null);
    });
  }
});
