// `npm run dist`: builds dist/, then this platform's packages (electron-builder.config.ts)
// into dist-packages/. Every failure is one line and a non-zero exit, never a stack.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import config from '../electron-builder.config.ts';
import { buildElectron } from './build-electron.ts';
import { buildRenderer } from './build-renderer.ts';
import { builtMessage, loadElectronBuilder, noElectronMessage, packagingFailedMessage, withLocalElectron } from './dist-support.ts';
import { findElectronBinary } from './electron-binary.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const electronDir = path.join(repoRoot, 'node_modules', 'electron');
// As in scripts/start.ts: long enough for a real download to start, short without a network.
const installTimeoutMs = 60_000;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function electronBinary(): string | null {
  const found = findElectronBinary(electronDir);
  if (found !== null) return found;
  const installer = path.join(electronDir, 'install.js');
  if (!existsSync(installer)) return null;
  spawnSync(process.execPath, [installer], { cwd: electronDir, stdio: 'ignore', timeout: installTimeoutMs, killSignal: 'SIGKILL' });
  return findElectronBinary(electronDir);
}

if (electronBinary() === null) fail(noElectronMessage);
const builder = loadElectronBuilder(createRequire(import.meta.url));
if (!builder.ok) fail(builder.message);

try {
  const dist = path.join(repoRoot, 'dist');
  await Promise.all([buildRenderer(path.join(dist, 'renderer')), buildElectron(path.join(dist, 'electron'))]);
  process.chdir(repoRoot);
  const artifacts = await builder.api.build({ config: withLocalElectron(config, electronDir), publish: 'never' });
  console.log(builtMessage(artifacts, path.join(repoRoot, config.directories.output), process.cwd()));
} catch (error) {
  fail(packagingFailedMessage(error));
}
