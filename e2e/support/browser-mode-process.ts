// Runs `electron/serve/serve-main.ts` as its own process, as a user's `npm run serve` does,
// so a restart on the same data dir is a real restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

export type BrowserModeProcess = {
  readonly url: string;
  // The service's process (benchmarks read its memory).
  readonly pid: number | null;
  readonly output: () => string;
  stop(): Promise<void>;
};

const projectRoot = join(import.meta.dirname, '..', '..');

export async function startBrowserMode(dataDir: string, trustedCaPem: string): Promise<BrowserModeProcess> {
  // The test CA is trusted by this process only, as a user would add their own CA.
  const caFile = join(dataDir, '..', `test-ca-${process.pid}.pem`);
  writeFileSync(caFile, trustedCaPem);
  const child = spawn(process.execPath, [join(projectRoot, 'electron/serve/serve-main.ts'), '--data-dir', dataDir, '--port', '0'], {
    cwd: projectRoot,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const url = await waitForUrl(child, () => output);
  return {
    url,
    pid: child.pid ?? null,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const match = /^LETTERBOX_URL=(\S+)$/m.exec(output());
    if (match?.[1] !== undefined) return match[1];
    if (child.exitCode !== null) throw new Error(`browser mode exited early:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`browser mode printed no URL within 20 s:\n${output()}`);
}
