import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import config from '../electron-builder.config.ts';
import { readIcns } from './icons/icns.ts';
import { readIco } from './icons/ico.ts';
import { decodePng } from './icons/png.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  readonly main: string;
  readonly dependencies: Readonly<Record<string, string>>;
};

// electron-builder's file patterns: a file ships when a positive pattern matches it and
// no negated one does (its FileMatcher, over minimatch).
function ships(file: string): boolean {
  const patterns: readonly string[] = config.files;
  const positive = patterns.filter((pattern) => !pattern.startsWith('!'));
  const negative = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  return positive.some((pattern) => path.posix.matchesGlob(file, pattern)) && !negative.some((pattern) => path.posix.matchesGlob(file, pattern));
}

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...filesUnder(relative));
    else found.push(relative);
  }
  return found;
}

describe('electron-builder configuration', () => {
  it('names the app and keeps packages out of the source tree', () => {
    assert.equal(config.appId, 'app.letterbox.desktop');
    assert.equal(config.productName, 'Letterbox');
    assert.equal(config.directories.output, 'dist-packages');
    assert.equal(config.directories.buildResources, 'build');
    assert.equal(config.publish, null);
    assert.match(readFileSync(path.join(repoRoot, '.gitignore'), 'utf8'), /^dist-packages\/$/m);
  });

  it('builds an AppImage and a deb on Linux, a dmg on macOS and an NSIS installer on Windows', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac.target, ['dmg']);
    assert.deepEqual(config.win.target, ['nsis']);
    assert.equal(config.deb.artifactName, '${name}_${version}_${arch}.${ext}');
    assert.equal(config.nsis.oneClick, false);
  });

  it('ships the built bundles and package.json, without source maps', () => {
    for (const file of [packageJson.main, 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/app.js', 'dist/renderer/styles.css', 'package.json']) {
      assert.ok(ships(file), `${file} should ship`);
    }
    for (const file of ['dist/electron/main.cjs.map', 'dist/renderer/app.js.map']) assert.ok(!ships(file), `${file} should not ship`);
  });

  it('ships no source, test, script or packaging file of the repository', () => {
    const repositoryFiles = ['electron', 'shared', 'renderer', 'scripts', 'test', 'e2e', 'bench', 'build', 'docs'].flatMap(filesUnder);
    assert.ok(repositoryFiles.length > 50);
    const shipped = repositoryFiles.filter(ships);
    assert.deepEqual(shipped, []);
    for (const file of ['README.md', 'electron-builder.config.ts', 'tsconfig.json', 'package-lock.json', '.ci/run', 'dist-packages/Letterbox.AppImage']) {
      assert.ok(!ships(file), `${file} should not ship`);
    }
  });

  it('leaves node_modules to electron-builder, which copies only the production dependencies', () => {
    assert.ok(config.files.every((pattern) => !pattern.includes('node_modules')));
    assert.equal(config.npmRebuild, false);
  });

  it('lists every package the main process imports at run time as a production dependency', () => {
    const sources = filesUnder('electron').filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    const imported = new Set<string>();
    for (const file of sources) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      for (const match of text.matchAll(/^import (?!type )[^;]*?from '([^'.][^']*)';/gm)) {
        const specifier = match[1] ?? '';
        if (specifier.startsWith('node:') || specifier === 'electron') continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
        imported.add(name);
      }
    }
    assert.ok(imported.has('imapflow'), 'the scan should find the IMAP library');
    for (const name of imported) assert.ok(name in packageJson.dependencies, `${name} is imported by electron/ but is not in dependencies`);
  });

  it('turns off running as Node, NODE_OPTIONS and --inspect, and turns on cookie encryption and asar-only loading with integrity checks', () => {
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // OnlyLoadAppFromAsar without an asar would leave the app with nothing to load.
    assert.equal(config.asar, true);
  });

  it('registers Letterbox as a mailto: handler on every platform', () => {
    assert.deepEqual(config.protocols, [{ name: 'Email', schemes: ['mailto'] }]);
    assert.deepEqual(config.linux.mimeTypes, ['x-scheme-handler/mailto']);
  });

  it('points each platform at an icon that is there and readable', () => {
    const sizes = readdirSync(path.join(repoRoot, config.linux.icon))
      .map((name) => /^(\d+)x\1\.png$/.exec(name))
      .filter((match) => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => a - b);
    assert.deepEqual(sizes, [16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    for (const size of sizes) {
      const image = decodePng(readFileSync(path.join(repoRoot, config.linux.icon, `${size}x${size}.png`)));
      assert.deepEqual([image.width, image.height], [size, size]);
    }
    const ico = readIco(readFileSync(path.join(repoRoot, config.win.icon)));
    assert.deepEqual(
      ico.map((entry) => entry.width),
      [16, 24, 32, 48, 64, 128, 256],
    );
    const icns = readIcns(readFileSync(path.join(repoRoot, config.mac.icon)));
    assert.ok(icns.some((element) => element.type === 'ic10' && decodePng(element.data).width === 1024));
  });
});
