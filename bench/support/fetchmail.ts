// fetchmail (Debian) as the POP3 download baseline: an rc file that fetches alice's whole
// maildrop from the test Dovecot over POP3S, keeping it on the server (as Letterbox's
// default does), each message handed to an MDA that writes it into a Maildir the way a
// careful delivery agent does: into tmp/, fsync, rename into new/. Letterbox fsyncs every
// message too, so both pay for durability.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DovecotServer } from '../../test/servers/dovecot.ts';

export type FetchmailSetup = { readonly rcFile: string; readonly maildir: string; readonly idFile: string };

export function fetchmailConfig(server: DovecotServer, dir: string): FetchmailSetup {
  mkdirSync(dir, { recursive: true });
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, server.caCertificate);
  const maildir = join(dir, 'Maildir');
  const deliver = join(dir, 'deliver.sh');
  // fetchmail has no Maildir writer of its own: it runs the MDA once per message, so the MDA
  // is kept to the fewest processes (sh, dd, mv). The name is a random UUID read by the
  // shell's own `read` (no process): a pid alone repeats once 10,000 deliveries (three
  // processes each) wrap the pid counter, and a repeated name overwrote a message.
  writeFileSync(
    deliver,
    [
      '#!/bin/sh',
      'set -e',
      'read -r uuid < /proc/sys/kernel/random/uuid',
      `name="$uuid.bench"`,
      `dd of="${maildir}/tmp/$name" conv=fsync status=none`,
      `mv "${maildir}/tmp/$name" "${maildir}/new/$name"`,
      '',
    ].join('\n'),
    { mode: 0o700 },
  );
  const rcFile = join(dir, 'fetchmailrc');
  const user = server.user('alice');
  writeFileSync(
    rcFile,
    [
      'set no syslog',
      'set no bouncemail',
      `poll localhost via ${server.host} with proto POP3 port ${server.pop3sPort} uidl`,
      `  user "${user.username}" there with password "${user.password}" is "bench" here`,
      `  options keep fetchall ssl sslcertck sslcertfile "${caFile}" sslcommonname localhost`,
      `  mda "${deliver}"`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return { rcFile, maildir, idFile: join(dir, 'fetchids') };
}

// One full download into an empty Maildir; returns the elapsed milliseconds.
export function runFetchmail(setup: FetchmailSetup, expected: number): number {
  rmSync(setup.maildir, { recursive: true, force: true });
  rmSync(setup.idFile, { force: true });
  for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(setup.maildir, sub), { recursive: true });
  const started = performance.now();
  const run = spawnSync('fetchmail', ['-f', setup.rcFile, '--idfile', setup.idFile, '--nodetach', '--silent'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: join(setup.maildir, '..') },
    maxBuffer: 16 * 1024 * 1024,
  });
  const elapsed = performance.now() - started;
  if (run.error !== undefined) throw run.error;
  // 0: mail fetched; anything else is a failure for this run.
  if (run.status !== 0) throw new Error(`fetchmail exited with ${run.status}: ${run.stderr}`);
  const delivered = readdirSync(join(setup.maildir, 'new')).length;
  if (delivered !== expected) throw new Error(`fetchmail delivered ${delivered} messages, expected ${expected}`);
  return elapsed;
}

export function hasFetchmail(): boolean {
  // fetchmail wants a home directory that exists, even to print its version.
  const probe = spawnSync('fetchmail', ['--version'], { encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } });
  return probe.error === undefined && (probe.status === 0 || /fetchmail release/i.test(`${probe.stdout}${probe.stderr}`));
}
