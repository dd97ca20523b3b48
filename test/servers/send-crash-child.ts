// A separate process that sends one message through the real service, so a test can have
// it killed with SIGKILL at a named moment of sending (LETTERBOX_CRASH_AT, see
// electron/crash/crash-point.ts; test/integration/send-crash.test.ts).
// argv: dataDir caFile subject
import { readFileSync } from 'node:fs';
import type { Account } from '../../shared/domain.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';

const [dataDir, caFile, subject] = process.argv.slice(2);
if (dataDir === undefined || caFile === undefined || subject === undefined) {
  throw new Error('usage: send-crash-child.ts dataDir caFile subject');
}
const service = createService({
  dataDir,
  secretStore: createFileSecretStore(dataDir),
  trustedCertificates: [readFileSync(caFile, 'utf8')],
  openExternal: () => Promise.resolve(false),
  logError: (error) => {
    console.error('service error:', error);
  },
});
const accounts = await service.dispatch('listAccounts', {});
const account = accounts.ok ? (accounts.value as readonly Account[]).find((candidate) => candidate.kind === 'imap') : undefined;
if (account === undefined) throw new Error('The parent sets up one IMAP account first');
const result = await service.dispatch('sendMessage', {
  message: {
    accountId: account.id,
    to: ['Bob Example <bob@example.org>'],
    cc: [],
    bcc: [],
    subject,
    body: `This is "${subject}".\n`,
    attachments: [],
    relation: null,
    inReplyTo: null,
    references: [],
  },
  draftId: null,
});
process.stdout.write(`${JSON.stringify(result)}\n`);
await service.close();
