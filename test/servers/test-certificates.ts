// Certificates for TLS refusal tests, made with openssl in the test's own temp dir: a test
// CA, leaves it signs (valid, expired, for another host name), a self-signed leaf, and a
// leaf from a second CA nobody trusts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeyPair = { readonly key: string; readonly cert: string };

export type TestCertificates = {
  // The CA the tests trust (passed as trustedCertificates).
  readonly trustedCa: KeyPair;
  // Signed by trustedCa for 127.0.0.1 and localhost.
  readonly valid: KeyPair;
  // Signed by trustedCa, valid only in January 2020.
  readonly expired: KeyPair;
  // Signed by trustedCa for mail.example.net only.
  readonly wrongHost: KeyPair;
  // Signed by a CA that is not trusted.
  readonly unknownCa: KeyPair;
  readonly selfSigned: KeyPair;
  // Self-signed, but marked as no authority (CA:FALSE), as appliances often make them.
  readonly selfSignedLeaf: KeyPair;
};

const LOCAL_NAMES = 'subjectAltName=IP:127.0.0.1,DNS:localhost';

function openssl(args: readonly string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function read(dir: string, name: string): KeyPair {
  return {
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    cert: readFileSync(join(dir, `${name}.pem`), 'utf8'),
  };
}

function newKey(dir: string, name: string): string {
  const path = join(dir, `${name}.key`);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', path]);
  return path;
}

function makeCa(dir: string, name: string): void {
  const key = newKey(dir, name);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    key,
    '-out',
    join(dir, `${name}.pem`),
    '-days',
    '30',
    '-subj',
    `/CN=Letterbox test ${name}`,
  ]);
}

function makeSelfSigned(dir: string, name: string): void {
  const key = newKey(dir, name);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    key,
    '-out',
    join(dir, `${name}.pem`),
    '-days',
    '30',
    '-subj',
    '/CN=localhost',
    '-addext',
    LOCAL_NAMES,
  ]);
}

function makeSelfSignedLeaf(dir: string, name: string): void {
  const key = newKey(dir, name);
  const extensions = ['-addext', LOCAL_NAMES, '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature'];
  openssl(['req', '-x509', '-new', '-key', key, '-out', join(dir, `${name}.pem`), '-days', '30', '-subj', '/CN=localhost', ...extensions]);
}

// openssl ca, because only it sets a start date in the past (OpenSSL 3.0's req and x509 cannot).
function makeLeaf(dir: string, ca: string, name: string, names: string, dates: { start: string; end: string } | null): void {
  const key = newKey(dir, name);
  const csr = join(dir, `${name}.csr`);
  openssl(['req', '-new', '-key', key, '-out', csr, '-subj', `/CN=${name}`, '-addext', names]);
  const caDir = join(dir, `${ca}-db`);
  mkdirSync(caDir, { recursive: true });
  writeFileSync(join(caDir, 'index.txt'), '');
  writeFileSync(join(caDir, 'serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
  const config = join(caDir, 'ca.cnf');
  writeFileSync(
    config,
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `database = ${join(caDir, 'index.txt')}`,
      `new_certs_dir = ${caDir}`,
      `serial = ${join(caDir, 'serial')}`,
      'default_md = sha256',
      'default_days = 30',
      'policy = any',
      'copy_extensions = copy',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  openssl([
    'ca',
    '-batch',
    '-notext',
    '-config',
    config,
    '-cert',
    join(dir, `${ca}.pem`),
    '-keyfile',
    join(dir, `${ca}.key`),
    '-in',
    csr,
    '-out',
    join(dir, `${name}.pem`),
    ...(dates === null ? [] : ['-startdate', dates.start, '-enddate', dates.end]),
  ]);
}

export function makeTestCertificates(dir: string): TestCertificates {
  mkdirSync(dir, { recursive: true });
  makeCa(dir, 'trusted-ca');
  makeCa(dir, 'unknown-ca');
  makeLeaf(dir, 'trusted-ca', 'valid', LOCAL_NAMES, null);
  makeLeaf(dir, 'trusted-ca', 'expired', LOCAL_NAMES, {
    start: '20200101000000Z',
    end: '20200201000000Z',
  });
  makeLeaf(dir, 'trusted-ca', 'wrong-host', 'subjectAltName=DNS:mail.example.net', null);
  makeLeaf(dir, 'unknown-ca', 'unknown-ca-leaf', LOCAL_NAMES, null);
  makeSelfSigned(dir, 'self-signed');
  makeSelfSignedLeaf(dir, 'self-signed-leaf');
  return {
    trustedCa: read(dir, 'trusted-ca'),
    valid: read(dir, 'valid'),
    expired: read(dir, 'expired'),
    wrongHost: read(dir, 'wrong-host'),
    unknownCa: read(dir, 'unknown-ca-leaf'),
    selfSigned: read(dir, 'self-signed'),
    selfSignedLeaf: read(dir, 'self-signed-leaf'),
  };
}

// A self-signed certificate no test server presents, for "another certificate pinned there".
export function anotherCertificate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'letterbox-cert-'));
  try {
    return makeTestCertificates(dir).selfSigned.cert;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
