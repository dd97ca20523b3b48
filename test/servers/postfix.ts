// A private Postfix 3.7 for sending tests: submission ports on 127.0.0.1 that log users in
// through the test Dovecot's SASL socket and deliver example.org mail into its mailboxes
// by LMTP. Facts behind the settings are in /work/shared/handbook/test-servers.md.
import { execFile } from 'node:child_process';
import { copyFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DovecotServer } from './dovecot.ts';
import { freePorts } from './free-port.ts';
import { readPidFile, signalGroup, waitGone } from './process-group.ts';

export const POSTFIX_BINARY = '/usr/sbin/postfix';
const MASTER_CF_TEMPLATE = '/usr/share/postfix/master.cf.dist';

export type PostfixServer = {
  readonly host: '127.0.0.1';
  // 587-style: STARTTLS required before AUTH (smtpd_tls_security_level = encrypt).
  readonly submissionPort: number;
  // 465-style: TLS from the first byte (RFC 8314 3.3).
  readonly submissionsPort: number;
  // A submission port that offers no STARTTLS at all (a stripped or misconfigured server).
  readonly plainPort: number;
  // A recipient the server refuses at RCPT TO with 5xx (no such user).
  readonly rejectedRecipient: string;
  readonly dir: string;
  log(): string;
  stop(): Promise<void>;
};

export function postfixAvailability(): { available: boolean; reason: string } {
  if (!existsSync(POSTFIX_BINARY)) {
    return { available: false, reason: `Postfix is not installed (${POSTFIX_BINARY} missing; apt-get install postfix)` };
  }
  if (!existsSync('/usr/lib/dovecot/lmtp')) {
    return { available: false, reason: 'Dovecot LMTP is not installed (/usr/lib/dovecot/lmtp missing; apt-get install dovecot-lmtpd)' };
  }
  return { available: true, reason: 'Postfix is installed' };
}

// For describe()/suite() options, as dovecotSkipReason: under CI=true a missing Postfix fails.
export function postfixSkipReason(): string | false {
  const availability = postfixAvailability();
  if (availability.available) return false;
  if (process.env.CI === 'true') throw new Error(`Sending tests need Postfix under CI: ${availability.reason}`);
  const reason = `SKIPPED: ${availability.reason}`;
  console.warn(`\n*** ${reason} ***\n`);
  return reason;
}

const running = new Set<{ dir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const instance of running) {
      const pid = masterPid(instance.dir);
      if (pid !== null) signalGroup(pid, 'SIGKILL');
      rmSync(instance.dir, { recursive: true, force: true });
    }
  });
}

function masterPid(dir: string): number | null {
  return readPidFile(join(dir, 'queue', 'pid', 'master.pid'));
}

function run(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // stdio to pipes is safe here: `postfix start` returns once master has detached, and
    // master's own descriptors are closed by postfix-script before it daemonises.
    execFile(file, [...args], { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${(stderr || stdout).trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

function waitForBanner(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect({ host: '127.0.0.1', port });
      let buffer = '';
      const retry = (): void => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Postfix did not greet on port ${port}`));
        else setTimeout(attempt, 50);
      };
      socket.setTimeout(2000, retry);
      socket.on('error', retry);
      socket.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('latin1');
        if (!buffer.includes('\r\n')) return;
        socket.end('QUIT\r\n');
        if (buffer.startsWith('220')) resolve();
        else retry();
      });
    };
    attempt();
  });
}

// master.cf: the packaged services with chroot off (the queue is in a temp dir, not a jail),
// and our three smtpd listeners in place of the port-25 one.
function masterCf(ports: { submission: number; submissions: number; plain: number }): string {
  const packaged = readFileSync(MASTER_CF_TEMPLATE, 'utf8')
    .split('\n')
    .filter((line) => !/^smtp\s+inet\s/.test(line))
    .map((line) => {
      const fields = line.split(/\s+/);
      if (line.startsWith('#') || line.startsWith(' ') || fields.length < 8) return line;
      fields[4] = 'n';
      return fields.join(' ');
    });
  const submitOnly = [
    '  -o smtpd_sasl_auth_enable=yes',
    '  -o smtpd_client_restrictions=permit_sasl_authenticated,reject',
    '  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject',
  ];
  return [
    ...packaged,
    `127.0.0.1:${ports.submission} inet n - n - - smtpd`,
    '  -o syslog_name=postfix/submission',
    '  -o smtpd_tls_security_level=encrypt',
    '  -o smtpd_tls_auth_only=yes',
    ...submitOnly,
    `127.0.0.1:${ports.submissions} inet n - n - - smtpd`,
    '  -o syslog_name=postfix/submissions',
    '  -o smtpd_tls_wrappermode=yes',
    ...submitOnly,
    `127.0.0.1:${ports.plain} inet n - n - - smtpd`,
    '  -o syslog_name=postfix/plain',
    '  -o smtpd_tls_security_level=none',
    ...submitOnly,
    '',
  ].join('\n');
}

function mainCf(dir: string, dovecot: DovecotServer, rejected: string): string {
  const users = dovecot.users.map((user) => `${user.username}@example.org=${user.username}`).join(', ');
  return [
    'compatibility_level = 3.6',
    `queue_directory = ${dir}/queue`,
    `data_directory = ${dir}/data`,
    // No syslog socket on these machines: without a log file a failed start says nothing.
    `maillog_file = ${dir}/maillog`,
    `maillog_file_prefixes = ${dir}`,
    'myhostname = mail.example.org',
    'mydomain = example.org',
    'myorigin = example.org',
    'mydestination =',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'mynetworks = 127.0.0.0/8',
    'smtputf8_enable = no',
    // No /etc/aliases here; local delivery is never used.
    'alias_maps =',
    'alias_database =',
    // Only the test users exist: any other recipient is refused at RCPT TO (550 5.1.1).
    'virtual_mailbox_domains = example.org',
    `virtual_mailbox_maps = inline:{ ${users} }`,
    `virtual_transport = lmtp:inet:127.0.0.1:${dovecot.lmtpPort ?? 0}`,
    // Nothing ever leaves this machine.
    'default_transport = error:tests deliver to example.org only',
    'relay_transport = error:tests deliver to example.org only',
    `smtpd_tls_cert_file = ${dir}/cert.pem`,
    `smtpd_tls_key_file = ${dir}/key.pem`,
    'smtpd_tls_security_level = may',
    'smtpd_sasl_type = dovecot',
    `smtpd_sasl_path = ${dovecot.authSocketPath ?? ''}`,
    'smtpd_sasl_auth_enable = no',
    'broken_sasl_auth_clients = no',
    // Reported by the tests' assertions rather than looked up in DNS.
    'smtpd_helo_required = no',
    'disable_dns_lookups = yes',
    'smtp_dns_support_level = disabled',
    'lmtp_host_lookup = native',
    `# ${rejected} is simply not in virtual_mailbox_maps.`,
    'queue_run_delay = 1s',
    'minimal_backoff_time = 1s',
    'maximal_backoff_time = 2s',
    '',
  ].join('\n');
}

export type PostfixOptions = {
  // Another certificate than Dovecot's (which the tests trust), e.g. a self-signed one.
  readonly certificate?: { readonly key: string; readonly cert: string };
};

export async function startPostfix(dovecot: DovecotServer, options: PostfixOptions = {}): Promise<PostfixServer> {
  const availability = postfixAvailability();
  if (!availability.available) throw new Error(availability.reason);
  if (dovecot.lmtpPort === null || dovecot.authSocketPath === null) {
    throw new Error('startPostfix needs a Dovecot started with { mta: true }');
  }
  const dir = mkdtempSync(join(tmpdir(), 'lb-postfix-'));
  chmodSync(dir, 0o755);
  const [submission, submissions, plain] = await freePorts(3);
  if (submission === undefined || submissions === undefined || plain === undefined) throw new Error('Could not reserve ports for Postfix');
  const rejectedRecipient = 'nobody-here@example.org';
  mkdirSync(join(dir, 'queue'), { mode: 0o755 });
  mkdirSync(join(dir, 'data'), { mode: 0o700 });
  const postfixUser = await run('id', ['-u', 'postfix']);
  const postfixGroup = await run('id', ['-g', 'postfix']);
  chownSync(join(dir, 'data'), Number(postfixUser.trim()), Number(postfixGroup.trim()));
  // The same certificate as Dovecot's: the client trusts the one test CA for both.
  if (options.certificate === undefined) {
    copyFileSync(join(dovecot.dir, 'cert.pem'), join(dir, 'cert.pem'));
    copyFileSync(join(dovecot.dir, 'key.pem'), join(dir, 'key.pem'));
  } else {
    writeFileSync(join(dir, 'cert.pem'), options.certificate.cert);
    writeFileSync(join(dir, 'key.pem'), options.certificate.key);
  }
  chmodSync(join(dir, 'key.pem'), 0o600);
  writeFileSync(join(dir, 'main.cf'), mainCf(dir, dovecot, rejectedRecipient), { mode: 0o644 });
  writeFileSync(join(dir, 'master.cf'), masterCf({ submission, submissions, plain }), { mode: 0o644 });
  const instance = { dir };
  running.add(instance);
  installExitHook();
  const log = (): string => (existsSync(join(dir, 'maillog')) ? readFileSync(join(dir, 'maillog'), 'utf8') : '');
  try {
    await run(POSTFIX_BINARY, ['-c', dir, 'start']);
    const deadline = Date.now() + 15_000;
    await Promise.all([waitForBanner(submission, deadline), waitForBanner(plain, deadline)]);
  } catch (error) {
    const pid = masterPid(dir);
    if (pid !== null) signalGroup(pid, 'SIGKILL');
    running.delete(instance);
    const text = log();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Postfix failed to start: ${error instanceof Error ? error.message : String(error)}\n${text}`);
  }

  let stopped = false;
  return {
    host: '127.0.0.1',
    submissionPort: submission,
    submissionsPort: submissions,
    plainPort: plain,
    rejectedRecipient,
    dir,
    log,
    async stop() {
      if (stopped) return;
      stopped = true;
      const pid = masterPid(dir);
      await run(POSTFIX_BINARY, ['-c', dir, 'stop']).catch(() => undefined);
      if (pid !== null && !(await waitGone(pid, 5000))) {
        signalGroup(pid, 'SIGKILL');
        await waitGone(pid, 5000);
      }
      running.delete(instance);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
