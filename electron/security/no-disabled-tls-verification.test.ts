// No source turns certificate verification off: not rejectUnauthorized false, not an
// identity check that accepts anything, not Electron's overrides. A pinned certificate is
// admitted by OpenSSL itself, as a trust anchor (electron/certificates/verified-tls-options.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
// The app's sources and everything that runs beside them: test servers, scripts, benchmarks.
const SCANNED = ['electron', 'shared', 'renderer', 'test', 'e2e', 'scripts', 'bench'];

const DISABLING: readonly {
  readonly name: string;
  readonly pattern: RegExp;
}[] = [
  {
    name: 'rejectUnauthorized: false',
    pattern: /rejectUnauthorized\s*[:=]\s*(false|0|!1|null|undefined)\b/,
  },
  {
    name: 'NODE_TLS_REJECT_UNAUTHORIZED',
    pattern: /NODE_TLS_REJECT_UNAUTHORIZED/,
  },
  {
    name: 'checkServerIdentity returning nothing',
    pattern: /checkServerIdentity\s*:\s*(\([^)]*\)|\w+)\s*=>\s*(undefined|null|\{\s*\})/,
  },
  {
    name: 'setCertificateVerifyProc accepting all',
    pattern: /setCertificateVerifyProc/,
  },
  {
    name: "Electron's certificate-error override",
    pattern: /['"]certificate-error['"]/,
  },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('no source disables TLS certificate verification', () => {
  const files = SCANNED.flatMap((dir) => sources(join(ROOT, dir)));

  it('scans the main, shared and renderer sources, the test servers, scripts and benchmarks', () => {
    assert.ok(files.length > 100, `only ${files.length} files found`);
    console.log(`TLS verification scan: ${files.length} source files scanned`);
  });

  for (const { name, pattern } of DISABLING) {
    it(`finds ${name} only in the audited files`, () => {
      const found = files.filter((file) => pattern.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
      assert.deepEqual(found, [], `${name} in ${found.join(', ')}`);
    });
  }

  it('would catch the pattern it looks for', () => {
    const [rejecting] = DISABLING;
    assert.ok(rejecting?.pattern.test('tls: { rejectUnauthorized: false }'));
    assert.ok(DISABLING.some(({ pattern }) => pattern.test('checkServerIdentity: () => undefined')));
  });
});
