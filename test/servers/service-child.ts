// The real service in a process of its own, driven over stdin/stdout as a transport would
// drive it, so a test can kill it with SIGKILL at any moment and start it again on the same
// data directory (test/integration/secrets-canary.test.ts).
// argv: dataDir keyFile caFile
// stdin: one JSON request a line, {"id": 1, "channel": "...", "args": {...}} or {"close": true}
// stdout: one JSON line per response {"type":"response","id":1,"result":{...}} and per event
// {"type":"event","event":"...","payload":...}; stderr: the service's log.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createSafeStorageSecretStore, type StringCipher } from '../../electron/secrets/safe-storage-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';

const [dataDir, keyFile, caFile] = process.argv.slice(2);
if (dataDir === undefined || keyFile === undefined || caFile === undefined) throw new Error('usage: service-child.ts dataDir keyFile caFile');

// Stands in for the OS keyring behind Electron's safeStorage: AES-256-GCM under a key kept
// outside the data directory, as the keyring keeps its key outside it.
const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
const keyring: StringCipher = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString(plainText) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  },
  decryptString(encrypted) {
    const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  },
};

const service = createService({
  dataDir,
  secretStore: createSafeStorageSecretStore(dataDir, keyring, 'linux'),
  trustedCertificates: [readFileSync(caFile, 'utf8')],
  openExternal: () => Promise.resolve(false),
  logError: (error) => {
    console.error('service error:', error);
  },
  sync: { checkIntervalMs: 500 },
});

function send(line: unknown): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

service.subscribe((event, payload) => {
  send({ type: 'event', event, payload });
});

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const request = JSON.parse(line) as { readonly id?: number; readonly channel?: string; readonly args?: unknown; readonly close?: boolean };
  if (request.close === true) {
    void service.close().then(() => process.exit(0));
    return;
  }
  void service.dispatch(request.channel, request.args).then((result) => {
    send({ type: 'response', id: request.id, result });
  });
});
send({ type: 'ready' });
