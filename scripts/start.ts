// `npm start`: Electron when its binary is here, browser mode when it cannot be had.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findElectronBinary } from './electron-binary.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const electronDir = path.join(repoRoot, 'node_modules', 'electron');
// Long enough for a real download on a slow line to get going; without a network the
// installer fails within seconds anyway.
const installTimeoutMs = 60_000;

function electronBinary(): string | null {
  const found = findElectronBinary(electronDir);
  if (found !== null) return found;
  const installer = path.join(electronDir, 'install.js');
  if (!existsSync(installer)) return null;
  spawnSync(process.execPath, [installer], { cwd: electronDir, stdio: 'ignore', timeout: installTimeoutMs, killSignal: 'SIGKILL' });
  return findElectronBinary(electronDir);
}

// The child gets its own process group (except on Windows, where that opens a new
// console), so a Ctrl+C reaches it once, through this forwarding, not twice.
function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const ownGroup = process.platform !== 'win32';
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env, detached: ownGroup });
  const signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) {
    process.on(signal, () => {
      child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`Letterbox could not start: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal === null ? 1 : 128 + signalNumber(signal)));
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : signal === 'SIGHUP' ? 1 : 0;
}

const extraArgs = process.argv.slice(2);
const binary = electronBinary();
if (binary === null) {
  console.log("Electron's binary could not be downloaded here, so Letterbox starts in browser mode instead.");
  runChild(process.execPath, [path.join(repoRoot, 'electron', 'serve', 'serve-main.ts'), ...extraArgs], process.env);
} else {
  // Set in the environment, it would make Electron behave as plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  runChild(binary, [repoRoot, ...extraArgs], env);
}
