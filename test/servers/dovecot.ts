// A private Dovecot 2.3 for integration tests: its own temp dir, 127.0.0.1 high ports,
// a self-signed certificate the tests trust explicitly, and plain-password users.
import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeFileSync,
  chmodSync,
  chownSync,
} from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import type { TestContext } from 'node:test';
import { dovecotConfig } from './dovecot-config.ts';
import { freePorts } from './free-port.ts';
import { readPidFile, signalGroup, waitGone } from './process-group.ts';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';
const DOVEADM_BINARY = '/usr/bin/doveadm';
const MAIL_SYSTEM_USER = 'letterbox-mail';

export type TestUser = { readonly username: string; readonly password: string };

export type DovecotOptions = {
  // Defaults to alice and bob.
  readonly users?: readonly TestUser[];
  // Opens LMTP on 127.0.0.1 and a SASL auth socket, for test/servers/postfix.ts.
  readonly mta?: boolean;
  // Lines appended to dovecot.conf ("{dir}" stands for the server's temp dir), e.g. the ACL
  // plugin of test/integration/keywords-dovecot.test.ts.
  readonly extraConfig?: readonly string[];
};

export type DovecotServer = {
  readonly host: '127.0.0.1';
  readonly imapPort: number;
  readonly imapsPort: number;
  readonly pop3Port: number;
  readonly pop3sPort: number;
  readonly caCertificate: string;
  // With options.mta: where an MTA delivers (LMTP) and asks about logins (Dovecot SASL).
  readonly lmtpPort: number | null;
  readonly authSocketPath: string | null;
  readonly users: readonly TestUser[];
  readonly dir: string;
  // Owner of the users' mail files, for tests that write into a Maildir directly.
  readonly mailUid: number;
  readonly mailGid: number;
  // The root of a user's Maildir++ (INBOX lives here, other folders in ".Name.Sub").
  maildir(username: string): string;
  user(username: string): TestUser;
  stop(): Promise<void>;
  doveadm(args: readonly string[]): Promise<string>;
  // Makes a new self-signed certificate and key, reloads Dovecot so new connections present
  // them, and returns the new certificate (PEM). For tests of a certificate that changed.
  replaceCertificate(): Promise<string>;
};

export const DEFAULT_USERS: readonly TestUser[] = [
  { username: 'alice', password: 'alice-secret-1' },
  { username: 'bob', password: 'bob-secret-2' },
];

export function dovecotAvailability(): { available: boolean; reason: string } {
  if (!existsSync(DOVECOT_BINARY)) {
    return {
      available: false,
      reason: `Dovecot is not installed (${DOVECOT_BINARY} missing; apt-get install dovecot-imapd dovecot-pop3d)`,
    };
  }
  if (!existsSync(DOVEADM_BINARY)) {
    return {
      available: false,
      reason: `doveadm is not installed (${DOVEADM_BINARY} missing)`,
    };
  }
  return { available: true, reason: 'Dovecot is installed' };
}

// For describe()/suite() options: false when Dovecot is here, else a loud skip reason.
// Under CI=true a missing Dovecot must fail the run, never pass it silently.
export function dovecotSkipReason(): string | false {
  const availability = dovecotAvailability();
  if (availability.available) return false;
  if (process.env.CI === 'true') {
    throw new Error(`Integration tests need Dovecot under CI: ${availability.reason}`);
  }
  const reason = `SKIPPED: ${availability.reason}`;
  console.warn(`\n*** ${reason} ***\n`);
  return reason;
}

// For use inside a test: returns false (after marking the test skipped) when it cannot run.
export function requireDovecot(t: TestContext): boolean {
  const reason = dovecotSkipReason();
  if (reason === false) return true;
  t.skip(reason);
  return false;
}

const running = new Set<{ pidFile: string; dir: string }>();
let exitHookInstalled = false;

// A test file that crashes must not leave daemons behind.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const instance of running) {
      const pid = readPidFile(instance.pidFile);
      if (pid !== null) {
        signalGroup(pid, 'SIGKILL');
      }
      rmSync(instance.dir, { recursive: true, force: true });
    }
  });
}

async function killProcessGroup(pid: number): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  if (await waitGone(pid, 2000)) return;
  signalGroup(pid, 'SIGKILL');
  if (!(await waitGone(pid, 10_000))) throw new Error(`Dovecot (pid ${pid}) did not exit`);
}

function mailOwner(): {
  uid: number;
  gid: number;
  loginUser: string;
  internalUser: string;
} {
  const me = userInfo();
  if (me.uid !== 0) {
    return {
      uid: me.uid,
      gid: me.gid,
      loginUser: me.username,
      internalUser: me.username,
    };
  }
  // Dovecot refuses mail owned by uid 0, so test mail belongs to a system user of ours.
  try {
    execFileSync('id', ['-u', MAIL_SYSTEM_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['-r', '-M', '-s', '/usr/sbin/nologin', MAIL_SYSTEM_USER], { stdio: 'ignore' });
  }
  const uid = Number(execFileSync('id', ['-u', MAIL_SYSTEM_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', MAIL_SYSTEM_USER], { encoding: 'utf8' }).trim());
  return { uid, gid, loginUser: 'dovenull', internalUser: 'dovecot' };
}

function makeCertificate(dir: string): string {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '7',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  chmodSync(join(dir, 'key.pem'), 0o600);
  return readFileSync(join(dir, 'cert.pem'), 'utf8');
}

function waitForGreeting(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect({ host: '127.0.0.1', port });
      let buffer = '';
      const retry = (): void => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Dovecot did not greet on port ${port}`));
        else setTimeout(attempt, 25);
      };
      socket.setTimeout(2000, retry);
      socket.on('error', retry);
      socket.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('latin1');
        if (buffer.includes('\r\n')) {
          socket.destroy();
          if (buffer.startsWith('* OK') || buffer.startsWith('+OK')) resolve();
          else retry();
        }
      });
    };
    attempt();
  });
}

function run(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  const availability = dovecotAvailability();
  if (!availability.available) throw new Error(availability.reason);
  const users = options.users ?? DEFAULT_USERS;
  const owner = mailOwner();
  const dir = mkdtempSync(join(tmpdir(), 'lb-dovecot-'));
  // Dovecot's unprivileged processes must traverse every parent of their files.
  chmodSync(dir, 0o755);
  const [imapPort, imapsPort, pop3Port, pop3sPort] = await freePorts(4);
  if (imapPort === undefined || imapsPort === undefined || pop3Port === undefined || pop3sPort === undefined) {
    throw new Error('Could not reserve ports for Dovecot');
  }
  const lmtpPort = options.mta === true ? ((await freePorts(1))[0] ?? null) : null;
  const caCertificate = makeCertificate(dir);
  const homeRoot = join(dir, 'home');
  mkdirSync(homeRoot, { mode: 0o755 });
  for (const user of users) {
    const home = join(homeRoot, user.username);
    mkdirSync(home, { mode: 0o700 });
    chownSync(home, owner.uid, owner.gid);
  }
  // passwd-file: user:password:uid:gid:gecos:home:shell
  writeFileSync(
    join(dir, 'users'),
    users.map((u) => `${u.username}:{PLAIN}${u.password}:${owner.uid}:${owner.gid}::${join(homeRoot, u.username)}::\n`).join(''),
    { mode: 0o644 },
  );
  const configPath = join(dir, 'dovecot.conf');
  const dhFile = '/usr/share/dovecot/dh.pem';
  writeFileSync(
    configPath,
    dovecotConfig({
      dir,
      imapPort,
      imapsPort,
      pop3Port,
      pop3sPort,
      loginUser: owner.loginUser,
      internalUser: owner.internalUser,
      dhFile: existsSync(dhFile) ? dhFile : null,
      lmtpPort,
      extraConfig: (options.extraConfig ?? []).map((line) => line.replaceAll('{dir}', dir)),
    }),
    { mode: 0o644 },
  );
  const pidFile = join(dir, 'run', 'master.pid');
  const instance = { pidFile, dir };
  running.add(instance);
  installExitHook();

  // The daemon keeps inherited descriptors open: give it a file, never a pipe we wait on.
  const startLog = join(dir, 'start.log');
  const logFd = openSync(startLog, 'a');
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(DOVECOT_BINARY, ['-c', configPath], {
        stdio: ['ignore', logFd, logFd],
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        resolve(code);
      });
    });
    if (exitCode !== 0) {
      const log =
        readFileSync(startLog, 'utf8') + (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '');
      running.delete(instance);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Dovecot failed to start (exit ${exitCode}): ${log.trim()}`);
    }
  } finally {
    closeSync(logFd);
  }
  const deadline = Date.now() + 10_000;
  await Promise.all([waitForGreeting(imapPort, deadline), waitForGreeting(pop3Port, deadline)]);

  let stopped = false;
  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    const pid = readPidFile(pidFile);
    if (pid !== null) await killProcessGroup(pid);
    running.delete(instance);
    rmSync(dir, { recursive: true, force: true });
  }

  return {
    host: '127.0.0.1',
    imapPort,
    imapsPort,
    pop3Port,
    pop3sPort,
    caCertificate,
    lmtpPort,
    authSocketPath: lmtpPort === null ? null : join(dir, 'run', 'auth-mta'),
    users,
    dir,
    mailUid: owner.uid,
    mailGid: owner.gid,
    maildir: (username) => join(homeRoot, username, 'Maildir'),
    user(username) {
      const found = users.find((u) => u.username === username);
      if (found === undefined) throw new Error(`No test user ${username}`);
      return found;
    },
    stop,
    doveadm: (args) => run(DOVEADM_BINARY, ['-c', configPath, ...args]),
    async replaceCertificate() {
      const certificate = makeCertificate(dir);
      await run(DOVEADM_BINARY, ['-c', configPath, 'reload']);
      // Reload restarts the login processes; wait until both listeners greet again.
      const until = Date.now() + 10_000;
      await Promise.all([waitForGreeting(imapPort, until), waitForGreeting(pop3Port, until)]);
      return certificate;
    },
  };
}
