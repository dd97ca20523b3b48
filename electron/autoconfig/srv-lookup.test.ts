import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookUpSrv, orderSrv, type ResolveSrv } from './srv-lookup.ts';

describe('SRV lookup (RFC 6186)', () => {
  it('orders records by priority, then by weight', () => {
    const ordered = orderSrv([
      { name: 'c', port: 1, priority: 20, weight: 100 },
      { name: 'a', port: 1, priority: 10, weight: 5 },
      { name: 'b', port: 1, priority: 10, weight: 50 },
    ]);
    assert.deepEqual(ordered.map((record) => record.name), ['b', 'a', 'c']);
  });

  it('maps each service to its protocol and security, skipping "." and services that time out', async () => {
    const resolve: ResolveSrv = (name) => {
      switch (name) {
        case '_imaps._tcp.example.org':
          return Promise.resolve([{ name: 'imap.example.org.', port: 993, priority: 0, weight: 1 }]);
        case '_pop3s._tcp.example.org':
          return Promise.resolve([{ name: '.', port: 0, priority: 0, weight: 0 }]);
        case '_submission._tcp.example.org':
          return Promise.resolve([{ name: 'SMTP.example.org', port: 587, priority: 0, weight: 0 }]);
        case '_imap._tcp.example.org':
          return new Promise(() => undefined);
        default:
          return Promise.reject(Object.assign(new Error('queryNoData'), { code: 'ENODATA' }));
      }
    };
    const started = Date.now();
    const result = await lookUpSrv('example.org', 'a@example.org', resolve, 200);
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(result.servers, [
      { protocol: 'imap', host: 'imap.example.org', port: 993, security: 'tls', username: 'a@example.org' },
      { protocol: 'smtp', host: 'smtp.example.org', port: 587, security: 'starttls', username: 'a@example.org' },
    ]);
    assert.equal(result.answered, 3);
  });
});
