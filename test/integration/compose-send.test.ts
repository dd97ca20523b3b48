// Sending for real: the service submits to a private Postfix (STARTTLS, SASL against
// Dovecot), which delivers by LMTP into the test Dovecot; another client checks the result.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { ComposeFields } from '../../shared/compose/compose-types.ts';
import type { Account } from '../../shared/domain.ts';
import { sendRaw } from '../../electron/smtp/send-raw.ts';
import { SmtpError } from '../../electron/smtp/classify-smtp-error.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { makeTestCertificates } from '../servers/test-certificates.ts';
import { openStore } from '../../electron/store/store.ts';
import { DEFAULT_USERS, dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { postfixSkipReason, startPostfix, type PostfixServer } from '../servers/postfix.ts';
import { appendMessages, connectAs, generateMessage } from '../servers/seed.ts';
import { eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';
import { startTcpProxy, type TcpProxy } from '../servers/tcp-proxy.ts';

type Found = { readonly uid: number; readonly flags: readonly string[]; readonly source: Buffer };

// Every message of `path` whose Message-ID (or subject) matches, as another device sees it.
async function findOnServer(client: ImapFlow, path: string, match: { messageId?: string; subject?: string }): Promise<readonly Found[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    await client.noop();
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true, source: true }, { uid: true });
    return messages
      .filter((message) =>
        match.messageId !== undefined ? message.envelope?.messageId === match.messageId : message.envelope?.subject === match.subject,
      )
      .map((message) => ({ uid: message.uid, flags: [...(message.flags ?? [])], source: message.source ?? Buffer.alloc(0) }));
  } finally {
    lock.release();
    await client.mailboxClose();
  }
}

function fields(accountId: string, overrides: Partial<ComposeFields>): ComposeFields {
  return {
    accountId,
    to: ['Bob Example <bob@example.org>'],
    cc: [],
    bcc: [],
    subject: 'Hello',
    body: 'Hi Bob\n',
    attachments: [],
    relation: null,
    inReplyTo: null,
    references: [],
    ...overrides,
  };
}

function sha256Fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

const skip = dovecotSkipReason() || postfixSkipReason();

describe('compose and send through Postfix into Dovecot', { skip }, () => {
  let dovecot: DovecotServer;
  let postfix: PostfixServer;
  let bob: ImapFlow;
  let alice: ImapFlow;
  const dirs: ReturnType<typeof makeTempDir>[] = [];
  const harnesses: ServiceHarness[] = [];

  async function startAlice(port: number, dir = makeTempDir()): Promise<{ harness: ServiceHarness; account: Account; dir: typeof dir }> {
    if (!dirs.includes(dir)) dirs.push(dir);
    const harness = startServiceHarness(dovecot, { dataDir: dir.path });
    harnesses.push(harness);
    const accounts = await harness.request('listAccounts', {});
    const account =
      accounts.find((candidate) => candidate.email === 'alice@example.org') ??
      (await harness.request('addAccount', {
        kind: 'imap',
        name: 'Alice Example',
        email: 'alice@example.org',
        password: dovecot.user('alice').password,
        incoming: { host: dovecot.host, port: dovecot.imapsPort, security: 'tls', username: 'alice' },
        outgoing: { host: postfix.host, port, security: 'starttls', username: 'alice' },
      }));
    // These tests send at once; undo send has its own test (compose-undo.test.ts).
    await harness.request('setSendDelay', { seconds: 0 });
    // Sent and Drafts are known once the first sync listed the folders.
    await eventually(async () => {
      const roles = (await harness.request('listFolders', { accountId: account.id })).map((folder) => folder.role);
      assert.ok(roles.includes('sent') && roles.includes('drafts'));
    }, 20_000);
    return { harness, account, dir };
  }

  before(async () => {
    // alice-smtp: a login for the outgoing server only, with a password of its own.
    dovecot = await startDovecot({ mta: true, users: [...DEFAULT_USERS, { username: 'alice-smtp', password: 'outgoing-only-3' }] });
    postfix = await startPostfix(dovecot);
    bob = await connectAs(dovecot, 'bob');
    alice = await connectAs(dovecot, 'alice');
  });

  after(async () => {
    for (const harness of harnesses) await harness.close();
    await bob.logout().catch(() => undefined);
    await alice.logout().catch(() => undefined);
    await postfix.stop();
    await dovecot.stop();
    for (const dir of dirs) dir.remove();
  });

  it('delivers a message with an attachment to bob over STARTTLS and keeps the Sent copy in alice’s Sent', async () => {
    const { harness, account } = await startAlice(postfix.submissionPort);
    const bytes = Buffer.from([0, 1, 2, 3, 250, 251, 252, 253, 254, 255]);
    const outcome = await harness.request('sendMessage', {
      message: fields(account.id, {
        cc: [postfix.rejectedRecipient],
        subject: 'Quarterly numbers',
        body: 'Hi Bob,\nthe numbers are attached.\n',
        attachments: [{ fileName: 'numbers.bin', contentType: 'application/octet-stream', base64: bytes.toString('base64') }],
      }),
      draftId: null,
    });
    assert.equal(outcome.status, 'sent');
    // RFC 5321 4.2.2: one recipient refused at RCPT TO, the message went to the other.
    assert.deepEqual(outcome.rejected.map((entry) => entry.address), [postfix.rejectedRecipient]);
    assert.match(outcome.message, /refused nobody-here@example\.org \(550 5\.1\.1/);

    const received = await eventually(async () => {
      const found = await findOnServer(bob, 'INBOX', { subject: 'Quarterly numbers' });
      assert.equal(found.length, 1);
    }, 15_000);
    assert.ok(received >= 0);
    const [delivered] = await findOnServer(bob, 'INBOX', { subject: 'Quarterly numbers' });
    assert.ok(delivered);
    const parsed = await simpleParser(delivered.source);
    const sender = parsed.from?.value[0];
    assert.ok(sender);
    assert.equal(sender.address, 'alice@example.org');
    assert.equal(sender.name, 'Alice Example');
    assert.equal((Array.isArray(parsed.to) ? parsed.to[0] : parsed.to)?.value[0]?.address, 'bob@example.org');
    assert.equal(parsed.text, 'Hi Bob,\nthe numbers are attached.\n');
    const [file] = parsed.attachments;
    assert.ok(file);
    assert.equal(file.filename, 'numbers.bin');
    assert.deepEqual([...file.content], [...bytes]);
    assert.ok(parsed.messageId);

    const sent = await findOnServer(alice, 'Sent', { messageId: parsed.messageId });
    assert.equal(sent.length, 1);
    assert.ok(sent[0]?.flags.includes('\\Seen'));
    assert.equal((await harness.request('listOutbox', {})).length, 0);
  });

  it('threads a reply with In-Reply-To and References and marks the original \\Answered on the server', async () => {
    const { harness, account } = await startAlice(postfix.submissionPort);
    const original = generateMessage(9001, {
      kind: 'plain',
      from: 'Bob Example <bob@example.org>',
      to: 'Alice Example <alice@example.org>',
      subject: 'Lunch on Friday?',
    }).replace('MIME-Version: 1.0', 'References: <root-9000@letterbox.test>\r\nMIME-Version: 1.0');
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: original }]);
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    await harness.request('syncFolder', { folderId: inbox.id });
    const message = (await harness.allMessages(inbox.id)).find((item) => item.subject === 'Lunch on Friday?');
    assert.ok(message);

    const start = await harness.request('prepareReply', { messageId: message.id, mode: 'reply' });
    assert.deepEqual(start.to, ['Bob Example <bob@example.org>']);
    assert.equal(start.subject, 'Re: Lunch on Friday?');
    assert.match(start.body, /> this is message number 9001\./);
    const outcome = await harness.request('sendMessage', { message: { ...start, body: `Yes!\n${start.body}` }, draftId: null });
    assert.equal(outcome.status, 'sent');

    await eventually(async () => {
      assert.equal((await findOnServer(bob, 'INBOX', { subject: 'Re: Lunch on Friday?' })).length, 1);
    }, 15_000);
    const [reply] = await findOnServer(bob, 'INBOX', { subject: 'Re: Lunch on Friday?' });
    assert.ok(reply);
    const parsed = await simpleParser(reply.source);
    assert.equal(parsed.inReplyTo, '<seed-9001@letterbox.test>');
    assert.deepEqual(parsed.references, ['<root-9000@letterbox.test>', '<seed-9001@letterbox.test>']);
    assert.match(parsed.text ?? '', /^Yes!\n[\s\S]*> this is message number 9001\./);
    assert.equal((await findOnServer(alice, 'Sent', { subject: 'Re: Lunch on Friday?' })).length, 1);
    // Through the action queue: the original is \Answered on the server.
    await eventually(async () => {
      const [answered] = await findOnServer(alice, 'INBOX', { subject: 'Lunch on Friday?' });
      assert.ok(answered?.flags.includes('\\Answered'));
    }, 15_000);
  });

  it('sends rich text as multipart/alternative: bob gets the formatting in HTML and its plain rendering as text', async () => {
    const { harness, account } = await startAlice(postfix.submissionPort);
    const html =
      '<p>Hi <b>Bob</b>, <i>this</i> matters:</p><ul><li>first point</li><li>second point</li></ul><ol><li>step one</li></ol>' +
      '<p>See <a href="https://example.org/plan">the plan</a>.</p><p onclick="steal()">bye<img src="https://tracker.example/p.gif"></p><script>alert(1)</script>';
    const outcome = await harness.request('sendMessage', { message: fields(account.id, { subject: 'Rich plan', body: '', html }), draftId: null });
    assert.equal(outcome.status, 'sent');
    await eventually(async () => {
      assert.equal((await findOnServer(bob, 'INBOX', { subject: 'Rich plan' })).length, 1);
    }, 15_000);
    const [delivered] = await findOnServer(bob, 'INBOX', { subject: 'Rich plan' });
    assert.ok(delivered);
    assert.match(delivered.source.toString('latin1'), /^Content-Type: multipart\/alternative/m);
    const parsed = await simpleParser(delivered.source);
    assert.ok(typeof parsed.html === 'string');
    assert.match(parsed.html, /<p>Hi <b>Bob<\/b>, <i>this<\/i> matters:<\/p><ul><li>first point<\/li><li>second point<\/li><\/ul><ol><li>step one<\/li><\/ol>/);
    assert.match(parsed.html, /<a href="https:\/\/example\.org\/plan">the plan<\/a>/);
    // Sanitised in main: what the renderer added beyond the allow-list is gone.
    assert.doesNotMatch(parsed.html, /onclick|script|img|tracker/);
    assert.equal(parsed.text, 'Hi Bob, this matters:\n- first point\n- second point\n1. step one\nSee the plan <https://example.org/plan>.\nbye\n');
  });

  it('answers HTML mail in rich text with the original quoted as a blockquote', async () => {
    const { harness, account } = await startAlice(postfix.submissionPort);
    const original = [
      'From: Bob Example <bob@example.org>',
      'To: Alice Example <alice@example.org>',
      'Subject: Styled news',
      'Message-ID: <styled-1@example.org>',
      'Date: Mon, 01 Jan 2024 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>p{color:red}</style></head><body><div><p>The <b>news</b> is <a href="https://example.org/news">here</a>.</p><script>alert(1)</script></div></body></html>',
      '',
    ].join('\r\n');
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: original }]);
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    await harness.request('syncFolder', { folderId: inbox.id });
    const message = (await harness.allMessages(inbox.id)).find((item) => item.subject === 'Styled news');
    assert.ok(message);
    const start = await harness.request('prepareReply', { messageId: message.id, mode: 'reply' });
    assert.ok(start.html !== undefined);
    assert.match(start.html, /<blockquote><p>The <b>news<\/b> is <a href="https:\/\/example\.org\/news">here<\/a>\.<\/p>\s*<\/blockquote>$/);
    assert.doesNotMatch(start.html, /script|style|color/);
    const outcome = await harness.request('sendMessage', { message: { ...start, html: `<p>Thanks!</p>${start.html}` }, draftId: null });
    assert.equal(outcome.status, 'sent');
    await eventually(async () => {
      assert.equal((await findOnServer(bob, 'INBOX', { subject: 'Re: Styled news' })).length, 1);
    }, 15_000);
    const [reply] = await findOnServer(bob, 'INBOX', { subject: 'Re: Styled news' });
    assert.ok(reply);
    const parsed = await simpleParser(reply.source);
    assert.match(parsed.html || '', /<p>Thanks!<\/p>[\s\S]*wrote:<\/p><blockquote><p>The <b>news<\/b>/);
    assert.match(parsed.text ?? '', /^Thanks!\n\nOn .* wrote:\n> The news is here <https:\/\/example\.org\/news>\./);
    assert.equal(parsed.inReplyTo, '<styled-1@example.org>');
  });

  it('logs in to the outgoing server with the outgoing password given in Add account, not the incoming one', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const harness = startServiceHarness(dovecot, { dataDir: dir.path });
    harnesses.push(harness);
    const account = await harness.request('addAccount', {
      kind: 'imap',
      name: 'Alice Example',
      email: 'alice@example.org',
      password: dovecot.user('alice').password,
      incoming: { host: dovecot.host, port: dovecot.imapsPort, security: 'tls', username: 'alice' },
      outgoing: { host: postfix.host, port: postfix.submissionPort, security: 'starttls', username: 'alice-smtp' },
      outgoingPassword: 'outgoing-only-3',
    });
    await harness.request('setSendDelay', { seconds: 0 });
    const outcome = await harness.request('sendMessage', { message: fields(account.id, { subject: 'Through my own SMTP login' }), draftId: null });
    assert.equal(outcome.status, 'sent');
    await eventually(async () => {
      assert.equal((await findOnServer(bob, 'INBOX', { subject: 'Through my own SMTP login' })).length, 1);
    }, 15_000);
    // Without it the incoming password is tried, which that login does not take.
    await harness.request('setOutgoingPassword', { accountId: account.id, password: null });
    await assert.rejects(
      harness.request('sendMessage', { message: fields(account.id, { subject: 'With the wrong password' }), draftId: null }),
      /refused the login of "alice-smtp"/,
    );
  });

  it('stops at an untrusted outgoing certificate with its fingerprint, and sends once the user trusts it', async () => {
    const certificateDir = makeTempDir();
    dirs.push(certificateDir);
    const certificates = makeTestCertificates(join(certificateDir.path, 'certificates'));
    const selfSigned = await startPostfix(dovecot, { certificate: certificates.selfSigned });
    try {
      const { harness, account } = await startAlice(selfSigned.submissionPort);
      // While the composer waits: refused with what the trust prompt shows, nothing sent.
      const refused = await harness.service.dispatch('sendMessage', { message: fields(account.id, { subject: 'Past a self-signed certificate' }), draftId: null });
      assert.equal(refused.ok, false);
      assert.ok(!refused.ok);
      assert.equal(refused.error.code, 'tls-untrusted');
      const certificate = refused.error.certificate;
      assert.ok(certificate);
      assert.equal(certificate.host, selfSigned.host);
      assert.equal(certificate.port, selfSigned.submissionPort);
      assert.match(certificate.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      assert.equal(certificate.fingerprint, sha256Fingerprint(certificates.selfSigned.cert));
      assert.match(certificate.reason, /self[- ]signed/i);
      assert.equal((await harness.request('listOutbox', {})).length, 0);

      // After an undo delay the send fails in the background: the outbox shows the certificate.
      await harness.request('setSendDelay', { seconds: 1 });
      const scheduled = await harness.request('sendMessage', { message: fields(account.id, { subject: 'Past a self-signed certificate' }), draftId: null });
      assert.equal(scheduled.status, 'scheduled');
      await eventually(async () => {
        const [item] = await harness.request('listOutbox', {});
        assert.equal(item?.state, 'failed');
        assert.equal(item.certificate?.fingerprint, certificate.fingerprint);
      }, 20_000);
      assert.equal((await findOnServer(bob, 'INBOX', { subject: 'Past a self-signed certificate' })).length, 0);

      await harness.request('trustCertificate', { host: certificate.host, port: certificate.port, fingerprint: certificate.fingerprint });
      const [failed] = await harness.request('listOutbox', {});
      assert.ok(failed);
      await harness.request('retryOutbox', { outboxId: failed.id });
      await eventually(async () => {
        assert.equal((await harness.request('listOutbox', {})).length, 0);
        assert.equal((await findOnServer(bob, 'INBOX', { subject: 'Past a self-signed certificate' })).length, 1);
      }, 20_000);
      // And straight from the composer, now that it is pinned.
      await harness.request('setSendDelay', { seconds: 0 });
      const sent = await harness.request('sendMessage', { message: fields(account.id, { subject: 'Pinned now' }), draftId: null });
      assert.equal(sent.status, 'sent');
    } finally {
      await selfSigned.stop();
    }
  });

  it('refuses to send where the server offers no STARTTLS, with a message saying so', async () => {
    const settings = {
      host: postfix.host,
      port: postfix.plainPort,
      security: 'starttls' as const,
      username: 'alice',
      password: dovecot.user('alice').password,
      trustedCertificates: [dovecot.caCertificate],
    };
    await assert.rejects(sendRaw(settings, { from: 'alice@example.org', to: ['bob@example.org'] }, Buffer.from('Subject: x\r\n\r\nx\r\n')), (error) => {
      assert.ok(error instanceof SmtpError);
      assert.equal(error.code, 'tls-failed');
      assert.equal(error.transient, false);
      assert.match(error.message, /did not secure the connection with STARTTLS/);
      return true;
    });
    // The same over implicit TLS (port 465 style) works, and a wrong password is named as such.
    const delivery = await sendRaw({ ...settings, port: postfix.submissionsPort, security: 'tls' }, { from: 'alice@example.org', to: ['bob@example.org'] }, Buffer.from('Subject: over 465\r\n\r\nx\r\n'));
    assert.deepEqual(delivery.accepted, ['bob@example.org']);
    await assert.rejects(sendRaw({ ...settings, port: postfix.submissionPort, password: 'wrong' }, { from: 'alice@example.org', to: ['bob@example.org'] }, Buffer.from('Subject: x\r\n\r\nx\r\n')), /refused the login of "alice"/);
  });

  it('queues a message while the server is unreachable and delivers it exactly once after a restart', async () => {
    const proxy: TcpProxy = await startTcpProxy(postfix.host, postfix.submissionPort);
    try {
      proxy.setMode('refuse');
      const first = await startAlice(proxy.port);
      const outcome = await first.harness.request('sendMessage', { message: fields(first.account.id, { subject: 'Written on a train' }), draftId: null });
      assert.equal(outcome.status, 'queued');
      assert.match(outcome.message, /Not sent yet/);
      const queued = await first.harness.request('listOutbox', {});
      assert.equal(queued.length, 1);
      assert.equal(queued[0]?.state, 'queued');
      await first.harness.close();

      proxy.setMode('forward');
      const second = await startAlice(proxy.port, first.dir);
      await eventually(async () => {
        assert.equal((await second.harness.request('listOutbox', {})).length, 0);
      }, 20_000);
      assert.equal((await findOnServer(bob, 'INBOX', { subject: 'Written on a train' })).length, 1);
      // Nothing is sent twice, however often the outbox is looked at again.
      await second.harness.close();
      const third = await startAlice(proxy.port, first.dir);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal((await third.harness.request('listOutbox', {})).length, 0);
      assert.equal((await findOnServer(bob, 'INBOX', { subject: 'Written on a train' })).length, 1);
      assert.equal((await findOnServer(alice, 'Sent', { subject: 'Written on a train' })).length, 1);
    } finally {
      await proxy.close();
    }
  });

  it('after a crash between sending and recording it, finds the message in Sent and does not send it again', async () => {
    const { harness, account, dir } = await startAlice(postfix.submissionPort);
    await harness.close();
    const raw = Buffer.from('From: alice@example.org\r\nTo: bob@example.org\r\nSubject: Sent before the crash\r\nMessage-ID: <crash-1@example.org>\r\n\r\nbody\r\n');
    await appendMessages(dovecot, 'alice', 'Sent', [{ raw, flags: ['\\Seen'] }]);
    const store = openStore(dir.path);
    const id = await store.compose.outbox.add(
      { accountId: account.id, messageId: '<crash-1@example.org>', raw, envelope: { from: 'alice@example.org', to: ['bob@example.org'] }, subject: 'Sent before the crash', relation: null, draftId: null },
      Date.now(),
    );
    await store.compose.outbox.setState(id, 'sending');
    store.close();

    const restarted = await startAlice(postfix.submissionPort, dir);
    await eventually(async () => {
      assert.equal((await restarted.harness.request('listOutbox', {})).length, 0);
    }, 20_000);
    assert.equal((await findOnServer(bob, 'INBOX', { subject: 'Sent before the crash' })).length, 0);
    assert.equal((await findOnServer(alice, 'Sent', { messageId: '<crash-1@example.org>' })).length, 1);
  });

  it('replaces a draft on the server instead of adding copies, and removes it when discarded', async () => {
    const { harness, account } = await startAlice(postfix.submissionPort);
    const { draftId } = await harness.request('saveDraft', { message: fields(account.id, { subject: 'Draft of a plan', body: 'first' }), draftId: null });
    for (const body of ['second', 'third']) {
      const again = await harness.request('saveDraft', { message: fields(account.id, { subject: 'Draft of a plan', body }), draftId });
      assert.equal(again.draftId, draftId);
    }
    await eventually(async () => {
      const copies = await findOnServer(alice, 'Drafts', { subject: 'Draft of a plan' });
      assert.equal(copies.length, 1);
      assert.match(copies[0]?.source.toString('utf8') ?? '', /third/);
      assert.ok(copies[0]?.flags.includes('\\Draft'));
    }, 15_000);
    await harness.request('discardDraft', { draftId });
    await eventually(async () => {
      assert.equal((await findOnServer(alice, 'Drafts', { subject: 'Draft of a plan' })).length, 0);
    }, 15_000);
  });
});
