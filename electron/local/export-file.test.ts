import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { writeExportFile } from './export-file.ts';

const diskFull = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('an export written to the chosen file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lb-export-file-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes every chunk in order and reports the length', async () => {
    const target = join(dir, 'Inbox.mbox');
    const chunks = [Buffer.from('first\n'), Buffer.alloc(3 * 1024 * 1024, 0x62), Buffer.from('last\n')];
    const bytes = await writeExportFile(target, async (sink) => {
      for (const chunk of chunks) await sink.write(chunk);
      return Buffer.concat(chunks).length;
    });
    assert.equal(bytes, Buffer.concat(chunks).length);
    assert.ok((await readFile(target)).equals(Buffer.concat(chunks)));
    assert.deepEqual(await readdir(dir), ['Inbox.mbox'], 'no temp file is left');
  });

  it('on a full disk says so, leaves what the destination held, and no partial file', async () => {
    const target = join(dir, 'Kept.mbox');
    await writeFile(target, 'the old export');
    const failed = writeExportFile(target, async (sink) => {
      await sink.write(Buffer.from('half of the new one'));
      throw diskFull();
    });
    await assert.rejects(failed, (error: unknown) => {
      assert.ok(error instanceof LetterboxError);
      assert.equal(error.code, 'storage');
      assert.match(error.message, /disk is full: "Kept\.mbox" was not saved, and nothing partial was left/);
      return true;
    });
    assert.equal(await readFile(target, 'utf8'), 'the old export');
    assert.deepEqual((await readdir(dir)).filter((name) => name.includes('Kept')), ['Kept.mbox']);
  });

  it('with no partial file either when the destination is new', async () => {
    const target = join(dir, 'New.mbox');
    await assert.rejects(writeExportFile(target, async (sink) => {
      await sink.write(Buffer.from('part'));
      throw diskFull();
    }), /disk is full/);
    assert.deepEqual((await readdir(dir)).filter((name) => name.includes('New')), []);
  });

  it('passes on why the mail could not be read, and names a missing folder', async () => {
    const target = join(dir, 'Gone.mbox');
    await assert.rejects(writeExportFile(target, () => Promise.reject(new LetterboxError('network', 'The server cannot be reached.'))), /server cannot be reached/);
    assert.deepEqual((await readdir(dir)).filter((name) => name.includes('Gone')), []);
    await assert.rejects(writeExportFile(join(dir, 'no-such-dir', 'a.mbox'), () => Promise.resolve(0)), /That folder no longer exists: "a\.mbox" was not saved/);
  });
});
