// Runs Doyensec's Electronegativity over the code that ships (electron/, renderer/, shared/)
// and fails on any finding of MEDIUM severity or higher that security/electronegativity-explained.json
// does not explain, and on any explanation whose finding is gone.
//
// The scanner is run through its API rather than its CLI, because the CLI fetches translations
// and Electron's release list from the internet and crashes where there is none (its HTTP
// client's retry throws an uncaught error). Its HTTP client is replaced for this process by one
// that fails at once, so the scan never touches the network; the Electron version is the one
// installed, given explicitly as the CLI's -e would.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const scannedDirectories = ['electron', 'renderer', 'shared'];
const severityOrder = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];

type Finding = { readonly check: string; readonly file: string; readonly severity: string; readonly confidence: string; readonly line: string; readonly description: string };
type Explanation = { readonly check: string; readonly file: string; readonly reason: string };

type RawIssue = {
  readonly id: string;
  readonly file: string;
  readonly severity: { readonly name?: string };
  readonly confidence: { readonly name?: string };
  readonly location: { readonly line: number; readonly column: number };
  readonly description: string;
};
type RunElectronegativity = (options: Record<string, unknown>) => Promise<{ readonly issues: readonly RawIssue[]; readonly errors: readonly { readonly file: string; readonly message: string; readonly tolerable: boolean }[]; readonly atomicChecks: number; readonly globalChecks: number }>;

function offlineHttpClient(): void {
  const failAtOnce = () => Promise.reject(new Error('Letterbox runs Electronegativity offline.'));
  const packageDir = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
  for (const user of [packageDir, require.resolve('@doyensec/electronegativity/dist/finder/checks/GlobalChecks/AvailableSecurityFixesGlobalCheck.js')]) {
    const gotPath = createRequire(user).resolve('got');
    const stub = new Module(gotPath);
    stub.filename = gotPath;
    stub.loaded = true;
    stub.exports = Object.assign(failAtOnce, { get: failAtOnce, head: failAtOnce });
    require.cache[gotPath] = stub;
  }
}

async function scan(directory: string, electronVersion: string): Promise<{ readonly findings: readonly Finding[]; readonly checks: number; readonly errors: readonly string[] }> {
  offlineHttpClient();
  // Its translations are picked by LANG; the bundled English ones are complete.
  process.env.LANG = 'en-US';
  const run = require('@doyensec/electronegativity') as RunElectronegativity;
  const log = console.log;
  console.log = () => undefined;
  try {
    const result = await run({ input: directory, electronVersionOverride: electronVersion, isRelative: true, customScan: [], excludeFromScan: [] });
    return {
      checks: result.atomicChecks + result.globalChecks,
      errors: result.errors.filter((error) => !error.tolerable).map((error) => `${error.file}: ${error.message}`),
      findings: result.issues.map((issue) => ({
        check: issue.id,
        file: issue.file,
        severity: issue.severity.name ?? 'UNKNOWN',
        confidence: issue.confidence.name ?? 'UNKNOWN',
        line: `${issue.location.line}:${issue.location.column}`,
        description: issue.description,
      })),
    };
  } finally {
    console.log = log;
  }
}

describe('Electronegativity', () => {
  let copy: string;
  let findings: readonly Finding[];
  let explained: readonly Explanation[];

  before(async () => {
    // A copy of just the shipped sources, so the scan reads neither node_modules nor dist.
    copy = await mkdtemp(join(tmpdir(), 'letterbox-electronegativity-'));
    for (const directory of scannedDirectories) {
      await cp(join(root, directory), join(copy, directory), { recursive: true, filter: (source) => !source.includes('node_modules') });
    }
    const electronVersion = (JSON.parse(await readFile(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
    const result = await scan(copy, electronVersion);
    assert.deepEqual(result.errors, [], 'every file was parsed');
    assert.ok(result.checks > 30, `the scanner loaded its checks (${result.checks})`);
    findings = result.findings;
    const file = JSON.parse(await readFile(join(root, 'security', 'electronegativity-explained.json'), 'utf8')) as { explained: Explanation[] };
    explained = file.explained;
    const bySeverity = severityOrder.map((severity) => `${findings.filter((finding) => finding.severity === severity).length} ${severity}`).join(', ');
    console.log(`electronegativity ${electronVersion}: ${result.checks} checks over ${scannedDirectories.join(', ')}: ${findings.length} findings (${bySeverity}), ${explained.length} explained`);
  });
  after(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('leaves no finding of MEDIUM or higher unexplained', () => {
    const serious = findings.filter((finding) => severityOrder.indexOf(finding.severity) >= severityOrder.indexOf('MEDIUM'));
    const unexplained = serious.filter((finding) => !explained.some((entry) => entry.check === finding.check && entry.file === finding.file));
    assert.deepEqual(
      unexplained.map((finding) => `${finding.severity} ${finding.check} at ${finding.file}:${finding.line}: ${finding.description}`),
      [],
      'fix these, or explain each in security/electronegativity-explained.json',
    );
  });

  it('explains only findings that exist, each with a reason', () => {
    for (const entry of explained) {
      assert.ok(entry.reason.length > 40, `${entry.check} in ${entry.file} has a reason`);
      assert.ok(
        findings.some((finding) => finding.check === entry.check && finding.file === entry.file),
        `${entry.check} in ${entry.file} is no longer found: remove its explanation`,
      );
    }
  });

  it('finds the sandbox and context isolation set where the window is created', () => {
    for (const check of ['SANDBOX_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) {
      assert.deepEqual(findings.filter((finding) => finding.check === check), [], `${check} has nothing to report`);
    }
  });
});
