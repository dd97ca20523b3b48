// Compose beyond the basics, against Postfix delivering into Dovecot: a draft from the
// server's Drafts folder reopens with its recipients, body and attachment and is replaced
// when saved; Undo send takes a message back before it goes; Forward as attachment carries
// the original's exact bytes; the outgoing server may take its own login and password.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { ComposeFields } from '../../shared/compose/compose-types.ts';
import type { Account, MessageSummary } from '../../shared/domain.ts';
import { secretsFileName } from '../../electron/secrets/file-secret-store.ts';
import { SmtpError } from '../../electron/smtp/classify-smtp-error.ts';
import { sendRaw } from '../../electron/smtp/send-raw.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { DEFAULT_USERS, dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { postfixSkipReason, startPostfix, type PostfixServer } from '../servers/postfix.ts';
import { appendMessages, connectAs, generateMessage } from '../servers/seed.ts';
import { eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';
import { anotherCertificate } from '../servers/test-certificates.ts';

// A submission login that is not alice's mailbox login (a provider's app password, a relay).
const RELAY = { username: 'relay', password: 'relay-only-pw-3' };

async function sources(client: ImapFlow, path: string, subject: string): Promise<readonly Buffer[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    await client.noop();
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { envelope: true, source: true });
    return messages.filter((message) => message.envelope?.subject === subject).map((message) => message.source ?? Buffer.alloc(0));
  } finally {
    lock.release();
    await client.mailboxClose();
  }
}

// The body of the top-level message/rfc822 part, decoded (RFC 2046 5.2.1 allows 7bit, 8bit
// or binary; base64 is decoded too).
function rfc822Part(source: Buffer): Buffer {
  const text = source.toString('latin1');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(text)?.[1];
  assert.ok(boundary, 'a multipart message');
  for (const part of text.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, split);
    if (!/content-type:\s*message\/rfc822/i.test(headers)) continue;
    const body = part.slice(split + 4).replace(/\r\n$/, '');
    if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body, 'base64');
    return Buffer.from(body, 'latin1');
  }
  assert.fail(`no message/rfc822 part in:\n${text.slice(0, 2000)}`);
}

function fields(accountId: string, overrides: Partial<ComposeFields>): ComposeFields {
  return { accountId, to: ['bob@example.org'], cc: [], bcc: [], subject: '', body: '', attachments: [], relation: null, inReplyTo: null, references: [], ...overrides };
}

const skip = dovecotSkipReason() || postfixSkipReason();

describe('reopening drafts, undo send, forward as attachment, a separate outgoing login', { skip }, () => {
  let dovecot: DovecotServer;
  let postfix: PostfixServer;
  let bob: ImapFlow;
  let alice: ImapFlow;
  const dir = makeTempDir('lb-compose-more-');
  let harness: ServiceHarness;
  let account: Account;

  before(async () => {
    dovecot = await startDovecot({ mta: true, users: [...DEFAULT_USERS, RELAY] });
    postfix = await startPostfix(dovecot);
    bob = await connectAs(dovecot, 'bob');
    alice = await connectAs(dovecot, 'alice');
    harness = startServiceHarness(dovecot, { dataDir: dir.path });
    account = await harness.request('addAccount', {
      kind: 'imap',
      name: 'Alice Example',
      email: 'alice@example.org',
      password: dovecot.user('alice').password,
      incoming: { host: dovecot.host, port: dovecot.imapsPort, security: 'tls', username: 'alice' },
      outgoing: { host: postfix.host, port: postfix.submissionPort, security: 'starttls', username: 'alice' },
    });
    await eventually(async () => {
      const roles = (await harness.request('listFolders', { accountId: account.id })).map((folder) => folder.role);
      assert.ok(roles.includes('sent') && roles.includes('drafts'));
    }, 20_000);
  });

  after(async () => {
    await harness.close();
    await bob.logout().catch(() => undefined);
    await alice.logout().catch(() => undefined);
    await postfix.stop();
    await dovecot.stop();
    dir.remove();
  });

  it('reopens a draft from the Drafts folder with recipients, subject, body and attachment, and saving replaces it', async () => {
    const bytes = Buffer.from([9, 8, 7, 6, 5, 0, 255]);
    const raw = [
      'From: Alice Example <alice@example.org>',
      'To: "Bob, the builder" <bob@example.org>, carol@example.org',
      'Cc: dave@example.org',
      'Subject: Plan written elsewhere',
      'Message-ID: <elsewhere-1@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'First line',
      'second line',
      '--b1',
      'Content-Type: application/octet-stream; name="plan.bin"',
      'Content-Disposition: attachment; filename="plan.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      bytes.toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    await appendMessages(dovecot, 'alice', 'Drafts', [{ raw, flags: ['\\Draft', '\\Seen'] }]);
    const drafts = await harness.folderByPath(account.id, 'Drafts');
    await harness.request('syncFolder', { folderId: drafts.id });
    const listed = (await harness.allMessages(drafts.id)).find((message) => message.subject === 'Plan written elsewhere');
    assert.ok(listed);

    const opened = await harness.request('openDraft', { messageId: listed.id });
    assert.ok(opened.draftId);
    assert.deepEqual(opened.fields.to, ['"Bob, the builder" <bob@example.org>', 'carol@example.org']);
    assert.deepEqual(opened.fields.cc, ['dave@example.org']);
    assert.equal(opened.fields.subject, 'Plan written elsewhere');
    assert.match(opened.fields.body, /^First line\nsecond line/);
    assert.equal(opened.fields.attachments.length, 1);
    assert.equal(opened.fields.attachments[0]?.fileName, 'plan.bin');
    const [file] = opened.fields.attachments;
    assert.ok(file);
    assert.deepEqual([...Buffer.from(file.base64, 'base64')], [...bytes]);

    await harness.request('saveDraft', { message: { ...opened.fields, body: 'Rewritten here\n' }, draftId: opened.draftId });
    await eventually(async () => {
      const copies = await sources(alice, 'Drafts', 'Plan written elsewhere');
      assert.equal(copies.length, 1);
      assert.match(copies[0]?.toString('utf8') ?? '', /Rewritten here/);
      assert.match(copies[0]?.toString('utf8') ?? '', /<elsewhere-1@example\.org>/);
    }, 15_000);
    // Listed among this computer's drafts, and reopened from there the same.
    const mine = await harness.request('listDrafts', {});
    assert.ok(mine.some((item) => item.draftId === opened.draftId && item.subject === 'Plan written elsewhere'));
    const again = await harness.request('openDraft', { draftId: opened.draftId });
    assert.equal(again.fields.body, 'Rewritten here\n');
  });

  it('holds a message for the undo delay, and Undo gives it back to the composer unsent', async () => {
    await harness.request('setSendDelay', { seconds: 30 });
    const outcome = await harness.request('sendMessage', {
      message: fields(account.id, { bcc: ['carol@example.org'], subject: 'Thought better of it', body: 'Never mind.\n' }),
      draftId: null,
    });
    assert.equal(outcome.status, 'scheduled');
    assert.ok(outcome.outboxId);
    assert.equal((await harness.request('listOutbox', {}))[0]?.state, 'queued');
    const back = await harness.request('undoSend', { outboxId: outcome.outboxId });
    assert.equal(back.fields.subject, 'Thought better of it');
    assert.deepEqual(back.fields.to, ['bob@example.org']);
    assert.deepEqual(back.fields.bcc, ['carol@example.org']);
    assert.equal(back.fields.body, 'Never mind.\n');
    assert.equal((await harness.request('listOutbox', {})).length, 0);
    // A second Undo finds nothing to take back.
    const second = await harness.service.dispatch('undoSend', { outboxId: outcome.outboxId });
    assert.equal(second.ok, false);
    await harness.request('setSendDelay', { seconds: 0 });
    assert.equal((await sources(bob, 'INBOX', 'Thought better of it')).length, 0);
  });

  it('forwards a message as an attachment: bob gets the original bytes as message/rfc822', async () => {
    const original = generateMessage(4242, { kind: 'attachment', subject: 'Original to pass on', from: 'Dave <dave@example.org>' });
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: original }]);
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    await harness.request('syncFolder', { folderId: inbox.id });
    const message = (await harness.allMessages(inbox.id)).find((item) => item.subject === 'Original to pass on');
    assert.ok(message);
    const start = await harness.request('prepareReply', { messageId: message.id, mode: 'forwardAsAttachment' });
    assert.equal(start.subject, 'Fwd: Original to pass on');
    assert.equal(start.attachments[0]?.contentType, 'message/rfc822');
    const outcome = await harness.request('sendMessage', { message: { ...start, to: ['bob@example.org'], body: 'See attached.\n' }, draftId: null });
    assert.equal(outcome.status, 'sent');
    await eventually(async () => {
      assert.equal((await sources(bob, 'INBOX', 'Fwd: Original to pass on')).length, 1);
    }, 15_000);
    const [received] = await sources(bob, 'INBOX', 'Fwd: Original to pass on');
    assert.ok(received);
    const parsed = await simpleParser(received);
    assert.match(parsed.text ?? '', /^See attached\.\n/);
    // mailparser reads an attached message into the text, so the part is taken from the MIME.
    const attached = rfc822Part(received);
    assert.equal(attached.toString('latin1'), Buffer.from(original).toString('latin1'));
    // The original is $Forwarded through the action queue.
    await eventually(async () => {
      const summary = (await harness.allMessages(inbox.id)).find((item) => item.id === message.id);
      assert.ok(summary?.keywords.includes('$Forwarded'));
    }, 15_000);
  });

  it('gives a draft reopened without a Message-ID one, so autosaves replace it instead of adding copies', async () => {
    const raw = ['From: Alice Example <alice@example.org>', 'To: bob@example.org', 'Subject: Draft with no id', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Started on a phone', ''].join('\r\n');
    await appendMessages(dovecot, 'alice', 'Drafts', [{ raw, flags: ['\\Draft', '\\Seen'] }]);
    const drafts = await harness.folderByPath(account.id, 'Drafts');
    await harness.request('syncFolder', { folderId: drafts.id });
    const listed = (await harness.allMessages(drafts.id)).find((message) => message.subject === 'Draft with no id');
    assert.ok(listed);

    const opened = await harness.request('openDraft', { messageId: listed.id });
    assert.ok(opened.draftId);
    assert.match(opened.fields.body, /^Started on a phone/);
    // Given a Message-ID on the server at once: one copy, the old one gone by its UID.
    const keyed = await sources(alice, 'Drafts', 'Draft with no id');
    assert.equal(keyed.length, 1);
    const messageId = /^Message-ID: (<[^>]+>)/im.exec(keyed[0]?.toString('latin1') ?? '')?.[1];
    assert.ok(messageId);
    assert.match(keyed[0]?.toString('utf8') ?? '', /Started on a phone/);

    for (const body of ['Finished here, take one\n', 'Finished here, take two\n']) {
      const saved: { readonly draftId: string } = await harness.request('saveDraft', { message: { ...opened.fields, body }, draftId: opened.draftId });
      assert.equal(saved.draftId, opened.draftId);
    }
    await eventually(async () => {
      const copies = await sources(alice, 'Drafts', 'Draft with no id');
      assert.equal(copies.length, 1);
      assert.match(copies[0]?.toString('utf8') ?? '', /take two/);
      assert.ok(copies[0]?.toString('latin1').includes(messageId));
    }, 15_000);
    // Reopened from the server again, it is the same draft of this computer.
    let relisted: MessageSummary | undefined;
    await eventually(async () => {
      await harness.request('syncFolder', { folderId: drafts.id });
      const found = (await harness.allMessages(drafts.id)).filter((message) => message.subject === 'Draft with no id');
      assert.equal(found.length, 1);
      relisted = found[0];
    }, 15_000);
    const relistedId = relisted?.id;
    assert.ok(relistedId !== undefined);
    const reopened = await harness.request('openDraft', { messageId: relistedId });
    assert.equal(reopened.draftId, opened.draftId);
  });

  it('logs in to the outgoing server with its own username and password, kept only in the secret store', async () => {
    const relayed = await harness.request('addAccount', {
      kind: 'imap',
      name: 'Alice via relay',
      email: 'alice@example.org',
      password: dovecot.user('alice').password,
      // The same mailbox by another name, as a second account of the same person.
      incoming: { host: 'localhost', port: dovecot.imapsPort, security: 'tls', username: 'alice' },
      outgoing: { host: postfix.host, port: postfix.submissionPort, security: 'starttls', username: RELAY.username },
    });
    await harness.request('setSendDelay', { seconds: 0 });
    // With alice's own password the relay login is refused...
    const refused = await harness.service.dispatch('sendMessage', { message: fields(relayed.id, { subject: 'Through the relay' }), draftId: null });
    assert.ok(!refused.ok);
    assert.match(refused.error.message, /refused the login of "relay"/);
    // ...and with the outgoing password it goes through.
    await harness.request('setOutgoingPassword', { accountId: relayed.id, password: RELAY.password });
    const outcome = await harness.request('sendMessage', { message: fields(relayed.id, { subject: 'Through the relay' }), draftId: null });
    assert.equal(outcome.status, 'sent');
    await eventually(async () => {
      assert.equal((await sources(bob, 'INBOX', 'Through the relay')).length, 1);
    }, 15_000);
    // The secret store holds it; the database does not.
    assert.match(readFileSync(join(dir.path, secretsFileName), 'utf8'), new RegExp(RELAY.password));
    for (const file of ['letterbox.sqlite', 'letterbox.sqlite-wal']) {
      let content = '';
      try {
        content = readFileSync(join(dir.path, file), 'latin1');
      } catch {
        continue;
      }
      assert.ok(!content.includes(RELAY.password), `${file} does not hold the outgoing password`);
    }
    await harness.request('removeAccount', { accountId: relayed.id });
    assert.doesNotMatch(readFileSync(join(dir.path, secretsFileName), 'utf8'), new RegExp(RELAY.password));
  });

  it('refuses an outgoing server whose certificate nobody vouches for, and sends once that exact certificate is pinned', async () => {
    const envelope = { from: 'alice@example.org', to: ['bob@example.org'] };
    for (const [port, security] of [
      [postfix.submissionPort, 'starttls'],
      [postfix.submissionsPort, 'tls'],
    ] as const) {
      // No test CA: the certificate is self-signed as far as this client knows.
      const settings = { host: postfix.host, port, security, username: 'alice', password: dovecot.user('alice').password };
      const subject = `Pinned over ${security}`;
      const raw = Buffer.from(`From: alice@example.org\r\nTo: bob@example.org\r\nSubject: ${subject}\r\n\r\nbody\r\n`);
      const refusal = await sendRaw(settings, envelope, raw).then(
        () => assert.fail('an untrusted certificate was accepted'),
        (error: unknown) => error,
      );
      assert.ok(refusal instanceof SmtpError);
      assert.equal(refusal.code, 'tls-untrusted');
      assert.equal(refusal.transient, false);
      assert.match(refusal.message, /not trusted/);
      const certificate = refusal.certificate;
      assert.ok(certificate);
      assert.equal(certificate.port, port);
      assert.match(certificate.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      assert.equal(certificate.fingerprint, new X509Certificate(dovecot.caCertificate).fingerprint256);
      // Another certificate pinned there does not let it through; the right one does.
      await assert.rejects(sendRaw({ ...settings, pinnedCertificates: [anotherCertificate()] }, envelope, raw), (error) => error instanceof SmtpError && error.certificate?.changed === true);
      const delivery = await sendRaw({ ...settings, pinnedCertificates: [dovecot.caCertificate] }, envelope, raw);
      assert.deepEqual(delivery.accepted, ['bob@example.org']);
      await eventually(async () => {
        assert.equal((await sources(bob, 'INBOX', subject)).length, 1);
      }, 15_000);
    }
  });
});
