// No source turns certificate verification off, except the audited places that defer
// OpenSSL's verdict to checkPeer (electron/certificates/verify-peer.ts) before anything is
// sent. Each audited file is named with the file that runs checkPeer on its sockets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['electron', 'shared', 'renderer'];

// File that sets rejectUnauthorized false -> file that decides with checkPeer.
const AUDITED: Readonly<Record<string, string>> = {
  'electron/certificates/checked-tls-connect.ts': 'electron/certificates/checked-tls-connect.ts',
  // nodemailer opens the socket; send-raw.ts admits the session with checkPeer before AUTH.
  'electron/smtp/smtp-transport-options.ts': 'electron/smtp/send-raw.ts',
};

const DISABLING: readonly {
  readonly name: string;
  readonly pattern: RegExp;
}[] = [
  {
    name: 'rejectUnauthorized: false',
    pattern: /rejectUnauthorized\s*:\s*(false|0|!1|null|undefined)\b/,
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

  it('scans the main, shared and renderer sources', () => {
    assert.ok(files.length > 100, `only ${files.length} files found`);
    console.log(`TLS verification scan: ${files.length} source files scanned`);
  });

  for (const { name, pattern } of DISABLING) {
    it(`finds ${name} only in the audited files`, () => {
      const found = files.filter((file) => pattern.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
      const unaudited = found.filter((file) => name !== 'rejectUnauthorized: false' || AUDITED[file] === undefined);
      assert.deepEqual(unaudited, [], `${name} in ${unaudited.join(', ')}`);
    });
  }

  it('has every audited file decide with checkPeer', () => {
    for (const [file, decider] of Object.entries(AUDITED)) {
      assert.match(readFileSync(join(ROOT, decider), 'utf8'), /\bcheckPeer\(/, `${decider} runs checkPeer for ${file}`);
    }
  });

  it('would catch the pattern it looks for', () => {
    const [rejecting] = DISABLING;
    assert.ok(rejecting?.pattern.test('tls: { rejectUnauthorized: false }'));
    assert.ok(DISABLING.some(({ pattern }) => pattern.test('checkServerIdentity: () => undefined')));
  });
});
