import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages } from '../servers/seed.ts';
import { eventually } from '../servers/service-harness.ts';

async function request<C extends ChannelName>(service: Service, channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

// RFC 2047 B-encoding, so headers with diacritics and CJK travel as 7-bit, as real mail does.
function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

type TestMail = { readonly subject: string; readonly fromName: string; readonly from: string; readonly body: string; readonly attachment?: string };

function rawMessage(mail: TestMail, index: number): string {
  const headers = [
    `From: ${encodedWord(mail.fromName)} <${mail.from}>`,
    'To: alice@example.org',
    `Subject: ${encodedWord(mail.subject)}`,
    `Date: ${new Date(Date.UTC(2024, 4, index + 1, 9)).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <search-${index}@example.org>`,
    'MIME-Version: 1.0',
  ];
  const body = Buffer.from(mail.body, 'utf8').toString('base64');
  if (mail.attachment === undefined) {
    return [...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', body, ''].join('\r\n');
  }
  return [
    ...headers,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
    '--b1',
    `Content-Type: application/pdf; name="${mail.attachment}"`,
    `Content-Disposition: attachment; filename="${mail.attachment}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 test').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
}

const seeded: readonly TestMail[] = [
  { subject: 'Résumé for the open role', fromName: 'Zoë Müller', from: 'zoe@example.net', body: 'Please find my CV attached.', attachment: 'Lebenslauf-2024.pdf' },
  { subject: '東京の会議について', fromName: '田中太郎', from: 'tanaka@example.jp', body: '来週の会議の資料です。よろしくお願いします。' },
  { subject: 'Lunch on Friday', fromName: 'Bob', from: 'bob@example.org', body: 'Shall we try the new café?' },
];

describe('search against Dovecot: the local index and the server', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let service: Service;

  async function subjects(query: string): Promise<string[]> {
    const page = await request(service, 'searchMessages', { query, sort: 'date', offset: 0, limit: 50 });
    return page.items.map((item) => item.subject);
  }

  before(async () => {
    server = await startDovecot();
    await appendMessages(server, 'alice', 'INBOX', seeded.map((mail, index) => ({ raw: rawMessage(mail, index) })));
    await appendMessages(server, 'alice', 'Archive', [{ raw: rawMessage({ subject: 'Old news', fromName: 'Eve', from: 'eve@example.org', body: 'Nothing here.' }, 10) }]);
    dataDir = makeTempDir();
    service = createService({
      dataDir: dataDir.path,
      secretStore: createFileSecretStore(dataDir.path),
      trustedCertificates: [server.caCertificate],
      openExternal: () => Promise.resolve(false),
    });
    const alice = server.user('alice');
    const account = await request(service, 'addAccount', {
      kind: 'imap',
      email: 'alice@example.org',
      password: alice.password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: alice.username },
      outgoing: null,
    });
    await request(service, 'syncAccount', { accountId: account.id });
    // A first sync's word index catches up once its headers are in, after syncAccount
    // answers (sync-folder.ts); searching before that finds nothing. CI caught the race.
    await eventually(async () => {
      assert.equal((await subjects('in:archive')).length, 1);
      assert.equal((await subjects('resume')).length, 1);
    }, 10_000);
  });

  after(async () => {
    await service.close();
    await server.stop();
    dataDir.remove();
  });

  it('finds synced headers without case or diacritics, by name, address and attachment name', async () => {
    assert.deepEqual(await subjects('resume'), ['Résumé for the open role']);
    assert.deepEqual(await subjects('from:zoe muller'), ['Résumé for the open role']);
    assert.deepEqual(await subjects('filename:lebenslauf'), ['Résumé for the open role']);
    assert.deepEqual(await subjects('has:attachment'), ['Résumé for the open role']);
    assert.deepEqual(await subjects('in:archive'), ['Old news']);
  });

  it('finds CJK subjects and senders inside runs of characters', async () => {
    assert.deepEqual(await subjects('東京'), ['東京の会議について']);
    assert.deepEqual(await subjects('会議につい'), ['東京の会議について']);
    assert.deepEqual(await subjects('from:田中'), ['東京の会議について']);
  });

  it('indexes a body once the message is opened, so it is found offline', async () => {
    assert.deepEqual(await subjects('body:資料'), []);
    const [cjk] = (await request(service, 'searchMessages', { query: '東京', sort: 'date', offset: 0, limit: 1 })).items;
    await request(service, 'getMessage', { messageId: cjk!.id });
    assert.deepEqual(await subjects('body:資料'), ['東京の会議について']);
    assert.deepEqual(await subjects('来週の会議'), ['東京の会議について']);
  });

  it('says clearly what is wrong with a query instead of finding nothing', async () => {
    const result = await service.dispatch('searchMessages', { query: 'before:someday', sort: 'date', offset: 0, limit: 10 });
    assert.deepEqual(result.ok ? null : result.error.code, 'invalid-argument');
    assert.match(result.ok ? '' : result.error.message, /not a date/);
  });

  it('finds on the server mail that is not cached, fetches its headers and marks where it came from', async () => {
    await appendMessages(server, 'alice', 'Archive', [
      { raw: rawMessage({ subject: 'Quarterly figures', fromName: 'Finance', from: 'finance@example.org', body: 'The xylophone budget doubled.' }, 11) },
    ]);
    assert.deepEqual(await subjects('xylophone'), []);
    const report = await request(service, 'searchServer', { query: 'xylophone' });
    assert.equal(report.notSearched, null);
    assert.equal(report.found, 1);
    assert.equal(report.fetched, 1);
    const page = await request(service, 'searchMessages', { query: 'xylophone', sort: 'date', offset: 0, limit: 10 });
    assert.equal(page.serverSearched, true);
    assert.deepEqual(
      page.items.map((item) => [item.subject, item.origin]),
      [['Quarterly figures', 'server']],
    );
    // Its headers are now stored: found locally by subject too, once, from both sides.
    await request(service, 'searchServer', { query: 'quarterly' });
    const both = await request(service, 'searchMessages', { query: 'quarterly', sort: 'date', offset: 0, limit: 10 });
    assert.deepEqual(both.items.map((item) => [item.subject, item.origin]), [['Quarterly figures', 'both']]);
  });

  it('checks locally what the server cannot search, and says so', async () => {
    const report = await request(service, 'searchServer', { query: 'CV has:attachment' });
    assert.deepEqual(report.localOnly, ['has:attachment']);
    assert.equal(report.found, 1);
    const none = await request(service, 'searchServer', { query: 'nothing has:attachment' });
    assert.equal(none.found, 0);
    const refused = await request(service, 'searchServer', { query: 'has:attachment OR from:bob' });
    assert.match(refused.notSearched ?? '', /has:attachment/);
  });

  it('sends diacritics and CJK to the server as UTF-8', async () => {
    const report = await request(service, 'searchServer', { query: 'body:よろしく' });
    assert.equal(report.found, 1);
    const accented = await request(service, 'searchServer', { query: 'body:café' });
    assert.equal(accented.found, 1);
  });

  it('keeps saved searches and lists them', async () => {
    const saved = await request(service, 'saveSearch', { name: 'Attachments', query: 'has:attachment', sort: 'date' });
    assert.deepEqual(await request(service, 'listSavedSearches', {}), [saved]);
    const refused = await service.dispatch('saveSearch', { name: 'Bad', query: 'is:weird', sort: 'date' });
    assert.equal(refused.ok, false);
  });
});
