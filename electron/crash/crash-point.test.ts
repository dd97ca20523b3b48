import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parseCrashSpec } from './crash-point.ts';

const script = `
import { crashPoint, crashPointCounts } from ${JSON.stringify(new URL('./crash-point.ts', import.meta.url).href)};
crashPoint('fsync'); crashPoint('rename'); crashPoint('fsync');
process.stdout.write(JSON.stringify(crashPointCounts()));
`;

function run(env: Record<string, string>): ReturnType<typeof spawnSync> {
  const clean = { ...process.env };
  delete clean.LETTERBOX_CRASH_AT;
  delete clean.LETTERBOX_CRASH_COUNT;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...clean, ...env }, encoding: 'utf8' });
}

describe('crash points', () => {
  it('reads <step>:<n> and refuses anything else', () => {
    assert.deepEqual(parseCrashSpec('imap-expunge:3'), { step: 'imap-expunge', occurrence: 3 });
    assert.equal(parseCrashSpec(undefined), null);
    assert.equal(parseCrashSpec(''), null);
    assert.throws(() => parseCrashSpec('disk:1'), /step of/);
    assert.throws(() => parseCrashSpec('fsync:0'), /<step>:<n>/);
    assert.throws(() => parseCrashSpec('fsync'), /<step>:<n>/);
  });

  it('does nothing and counts nothing without the variables', () => {
    const result = run({});
    assert.equal(result.status, 0);
    assert.equal((JSON.parse(String(result.stdout)) as Record<string, number>).fsync, 0);
  });

  it('counts each step when asked to', () => {
    const result = run({ LETTERBOX_CRASH_COUNT: '1' });
    assert.equal(result.status, 0);
    const counts = JSON.parse(String(result.stdout)) as Record<string, number>;
    assert.equal(counts.fsync, 2);
    assert.equal(counts.rename, 1);
  });

  it('kills the process with SIGKILL at the n-th time a step is reached', () => {
    const result = run({ LETTERBOX_CRASH_AT: 'fsync:2' });
    assert.equal(result.signal, 'SIGKILL');
    assert.equal(result.stdout, '');
  });
});
