import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '../../shared/domain.ts';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage, seedDate } from '../servers/seed.ts';

// Asks the service through its dispatch, as a transport would, and insists on success.
async function request<C extends ChannelName>(service: Service, channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

describe('reading message bodies through the service, online and then offline', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let certificate: string;
  const services: Service[] = [];

  function start(): Service {
    const service = createService({
      dataDir: dataDir.path,
      secretStore: createFileSecretStore(dataDir.path),
      trustedCertificates: [certificate],
      openExternal: () => Promise.resolve(false),
    });
    services.push(service);
    return service;
  }

  before(async () => {
    server = await startDovecot();
    certificate = server.caCertificate;
    // Seed kinds cycle plain, utf8-subject, html, attachment: message 3 carries an attachment.
    await appendMessages(
      server,
      'alice',
      'INBOX',
      [1, 2, 3].map((i) => ({
        raw: generateMessage(i),
        internalDate: seedDate(i),
      })),
    );
    dataDir = makeTempDir();
  });

  after(async () => {
    for (const service of services) await service.close();
    await server.stop();
    dataDir.remove();
  });

  let withAttachment: Message;
  let notOpenedId: string;

  it('fetches a message from the server on first open and caches it', async () => {
    const service = start();
    const alice = server.user('alice');
    const account = await request(service, 'addAccount', {
      kind: 'imap',
      email: 'alice@example.org',
      password: alice.password,
      incoming: {
        host: server.host,
        port: server.imapsPort,
        security: 'tls',
        username: alice.username,
      },
      outgoing: null,
    });
    await request(service, 'syncAccount', { accountId: account.id });
    const inbox = (await request(service, 'listFolders', { accountId: account.id }))[0]!;
    const page = await request(service, 'listMessages', {
      folderId: inbox.id,
      offset: 0,
      limit: 10,
    });
    assert.equal(page.total, 3);
    const newest = page.items[0]!;
    notOpenedId = page.items[1]!.id;
    assert.equal(newest.bodyState, 'headers');
    withAttachment = await request(service, 'getMessage', {
      messageId: newest.id,
    });
    assert.equal(withAttachment.bodyState, 'full');
    assert.ok(withAttachment.attachments.length > 0, 'message 3 has an attachment');
    assert.ok((withAttachment.text ?? withAttachment.html ?? '').length > 0);
    const listed = await request(service, 'listMessages', {
      folderId: inbox.id,
      offset: 0,
      limit: 1,
    });
    assert.equal(listed.items[0]?.bodyState, 'full');
    await service.close();
  });

  it('returns the same message from a new service on the same data with Dovecot stopped', async () => {
    await server.stop();
    const service = start();
    const again = await request(service, 'getMessage', {
      messageId: withAttachment.id,
    });
    assert.deepEqual(again, withAttachment);
    const attachment = withAttachment.attachments[0]!;
    const content = await request(service, 'getAttachment', {
      messageId: withAttachment.id,
      attachmentId: attachment.id,
    });
    assert.equal(content.fileName, attachment.fileName);
    assert.equal(Buffer.from(content.base64, 'base64').length, attachment.size);
  });

  it('answers network with a clear message for a message never downloaded', async () => {
    const service = services.at(-1)!;
    const result = await service.dispatch('getMessage', {
      messageId: notOpenedId,
    });
    assert.equal(result.ok ? 'ok' : result.error.code, 'network');
    assert.match(result.ok ? '' : result.error.message, /not been downloaded yet/);
  });

  it('reports Offline from the background sync it started', async () => {
    const service = services.at(-1)!;
    const deadline = Date.now() + 15_000;
    let status = await request(service, 'getStatus', {});
    while (status.state !== 'offline' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await request(service, 'getStatus', {});
    }
    assert.equal(status.state, 'offline');
    // The supervisor retries with backoff and says when (electron/sync/sync-supervisor.ts).
    assert.match(status.text, /^(Offline|Reconnecting in \d+ s$)/);
  });
});
