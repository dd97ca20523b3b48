import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { builtMessage, firstLine, loadElectronBuilder, notInstalledMessage, packagingFailedMessage, withLocalElectron } from './dist-support.ts';

function missingModule(): never {
  throw Object.assign(new Error("Cannot find module 'electron-builder'\nRequire stack:\n- /x/scripts/dist.ts"), { code: 'MODULE_NOT_FOUND' });
}

describe('npm run dist support', () => {
  it('says in one line that electron-builder must be installed when it is missing', () => {
    const loaded = loadElectronBuilder(missingModule);
    assert.deepEqual(loaded, { ok: false, message: notInstalledMessage });
    assert.ok(!notInstalledMessage.includes('\n'));
  });

  it('refuses a module that has no build function', () => {
    const loaded = loadElectronBuilder(() => ({ version: '1' }));
    assert.equal(loaded.ok, false);
  });

  it('hands back the API of an installed electron-builder', async () => {
    const calls: object[] = [];
    const loaded = loadElectronBuilder(() => ({
      build(options: object) {
        calls.push(options);
        return Promise.resolve(['/repo/dist-packages/Letterbox-0.1.0-x64.AppImage']);
      },
    }));
    assert.ok(loaded.ok);
    assert.deepEqual(await loaded.api.build({ config: {}, publish: 'never' }), ['/repo/dist-packages/Letterbox-0.1.0-x64.AppImage']);
    assert.equal(calls.length, 1);
  });

  it('packs the Electron the electron package already unpacked instead of downloading it again', () => {
    assert.deepEqual(withLocalElectron({ appId: 'a' }, '/repo/node_modules/electron'), {
      appId: 'a',
      electronDist: path.join('/repo/node_modules/electron', 'dist'),
    });
  });

  it('tells a failure by its first non-empty line, without a stack', () => {
    const error = new Error('\n  cannot get, wait  error=Get "https://github.com/x": dial tcp: lookup github.com: no such host\n    at download (x.js:1:1)');
    assert.equal(packagingFailedMessage(error), `Letterbox's packages could not be built: cannot get, wait  error=Get "https://github.com/x": dial tcp: lookup github.com: no such host`);
    assert.equal(firstLine('plain'), 'plain');
    assert.equal(firstLine(new Error('')), 'unknown error');
    assert.equal(firstLine(new Error('x'.repeat(1000))).length, 300);
  });

  it('lists the built packages but not their blockmaps', () => {
    assert.equal(
      builtMessage(['/repo/dist-packages/Letterbox-0.1.0-x86_64.AppImage', '/repo/dist-packages/letterbox_0.1.0_amd64.deb', '/repo/dist-packages/x.exe.blockmap'], '/repo/dist-packages', '/repo'),
      'Built 2 packages into dist-packages: Letterbox-0.1.0-x86_64.AppImage, letterbox_0.1.0_amd64.deb',
    );
  });
});
