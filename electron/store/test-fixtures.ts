// Shared by the store's unit tests and sync's: temp data dirs and sample rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeaderInput } from './message-repository.ts';
import type { NewAccount } from './account-repository.ts';

export function makeTempDir(prefix = 'letterbox-test-'): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

export function sampleAccount(overrides: Partial<NewAccount> = {}): NewAccount {
  return {
    kind: 'imap',
    name: 'Alice',
    email: 'alice@example.org',
    incoming: { host: 'imap.example.org', port: 993, security: 'tls', username: 'alice' },
    outgoing: null,
    secretReference: 'account-secret-1',
    ...overrides,
  };
}

export function sampleHeader(uid: number, overrides: Partial<HeaderInput> = {}): HeaderInput {
  return {
    uid,
    modseq: null,
    messageId: `<m${uid}@example.org>`,
    subject: `Message ${uid}`,
    from: { name: 'Bob', address: 'bob@example.org' },
    to: [{ name: '', address: 'alice@example.org' }],
    cc: [],
    replyTo: [],
    date: Date.UTC(2024, 0, 1) + uid * 60_000,
    internalDate: Date.UTC(2024, 0, 1) + uid * 60_000,
    size: 1000 + uid,
    systemFlags: [],
    keywords: [],
    hasAttachments: false,
    bodyStructure: null,
    ...overrides,
  };
}
