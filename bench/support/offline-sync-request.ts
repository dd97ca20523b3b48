import type { DovecotServer } from '../../test/servers/dovecot.ts';
import type { OfflineSyncRequest } from './offline-sync-child.ts';

// What offline-sync-child.ts is asked to do: sync alice's account on `server` into dataDir.
export function offlineSyncRequest(server: DovecotServer, dataDir: string, mode: 'all' | 'headers', messageCount: number): OfflineSyncRequest {
  const alice = server.user('alice');
  return {
    dataDir,
    mode,
    messageCount,
    host: server.host,
    port: server.imapsPort,
    username: alice.username,
    password: alice.password,
    caCertificate: server.caCertificate,
  };
}
