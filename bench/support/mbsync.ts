// mbsync (isync) as the benchmarks' baseline: a config that pulls alice's Inbox from the
// test Dovecot into a Maildir, and a timed run of it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DovecotServer } from '../../test/servers/dovecot.ts';

// `sync`: 'All' keeps both sides in step (the no-change resync), 'Pull' only fetches.
export function mbsyncConfig(server: DovecotServer, dir: string, sync: 'All' | 'Pull'): string {
  mkdirSync(dir, { recursive: true });
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, server.caCertificate);
  const passFile = join(dir, 'pass');
  writeFileSync(passFile, server.user('alice').password, { mode: 0o600 });
  const maildir = join(dir, 'mail');
  mkdirSync(maildir, { recursive: true });
  mkdirSync(join(dir, 'state'), { recursive: true });
  const config = join(dir, 'mbsyncrc');
  writeFileSync(
    config,
    [
      'IMAPAccount bench',
      'Host localhost',
      `Port ${server.imapsPort}`,
      'User alice',
      `PassCmd "cat ${passFile}"`,
      'SSLType IMAPS',
      `CertificateFile ${caFile}`,
      '',
      'IMAPStore bench-remote',
      'Account bench',
      '',
      'MaildirStore bench-local',
      `Path ${maildir}/`,
      `Inbox ${maildir}/INBOX`,
      '',
      'Channel bench',
      'Far :bench-remote:',
      'Near :bench-local:',
      'Patterns INBOX',
      'Create Near',
      `Sync ${sync}`,
      `SyncState ${dir}/state/`,
      '',
    ].join('\n'),
  );
  return config;
}

export function runMbsync(config: string): number {
  const started = performance.now();
  const run = spawnSync('mbsync', ['-c', config, '-q', 'bench'], { encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`mbsync exited with ${run.status}: ${run.stderr}`);
  return elapsed;
}

export function hasMbsync(): boolean {
  const probe = spawnSync('mbsync', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}
