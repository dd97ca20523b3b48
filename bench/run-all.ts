// `npm run bench`: every *.bench.ts in this folder, one after another, each in its own
// Node process (they start servers and measure time; running them together would skew
// both). Exits non-zero when any of them does.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(folder)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();
let failed = 0;
for (const name of benches) {
  console.log(`\n== ${name}`);
  const run = spawnSync(process.execPath, [join(folder, name)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    console.log(`${name} exited with ${run.status ?? run.signal ?? 'unknown'}`);
  }
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks met their targets`);
process.exitCode = failed === 0 ? 0 : 1;
