// Undo send with a fake clock: a message waits out the delay in the outbox, Undo takes it
// back before any byte goes to the server, and one that was not taken back goes once.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ComposeFields } from '../../shared/compose/compose-types.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { SecretStore } from '../service/service-types.ts';
import type { SendRaw } from '../smtp/smtp-types.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount } from '../store/test-fixtures.ts';
import { createComposeService, type ComposeService } from './compose-service.ts';
import type { SenderTimers } from './outbox-sender.ts';

type FakeTimer = { readonly callback: () => void; readonly at: number; cleared: boolean };

function fakeClock(): { now: () => number; timers: SenderTimers; advance(ms: number): void; pending(): number } {
  let time = 1_000_000;
  const timers: FakeTimer[] = [];
  return {
    now: () => time,
    timers: {
      set(callback, ms) {
        const timer = { callback, at: time + ms, cleared: false };
        timers.push(timer);
        return timer;
      },
      clear(handle) {
        (handle as FakeTimer).cleared = true;
      },
    },
    advance(ms) {
      time += ms;
      for (const timer of timers) {
        if (!timer.cleared && timer.at <= time) {
          timer.cleared = true;
          timer.callback();
        }
      }
    },
    pending: () => timers.filter((timer) => !timer.cleared).length,
  };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  assert.fail('condition not reached');
}

describe('undo send', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let service: ComposeService;
  let clock: ReturnType<typeof fakeClock>;
  let sent: string[];
  let accountId: string;

  const secrets: SecretStore = { get: () => Promise.resolve('pw'), set: () => Promise.resolve(), delete: () => Promise.resolve() };
  const sendRaw: SendRaw = (_settings, _envelope, raw) => {
    sent.push(/^Subject: (.*)$/m.exec(raw.toString('utf8'))?.[1]?.trim() ?? '');
    return Promise.resolve({ accepted: ['bob@example.org'], rejected: [], response: '250 ok' });
  };

  function fields(subject: string): ComposeFields {
    return { accountId, to: ['bob@example.org'], cc: [], bcc: [], subject, body: 'text\n', attachments: [], relation: null, inReplyTo: null, references: [] };
  }

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    accountId = (await store.accounts.insert(sampleAccount({ outgoing: { host: 'smtp.example.org', port: 587, security: 'starttls', username: 'alice' } }))).id;
    clock = fakeClock();
    sent = [];
    service = createComposeService({
      store,
      secretStore: secrets,
      sessions: { use: () => Promise.reject(new LetterboxError('network', 'no IMAP in this test')) },
      reader: {
        getMessage: () => Promise.reject(new Error('unused')),
        getAttachment: () => Promise.reject(new Error('unused')),
        getSource: () => Promise.reject(new Error('unused')),
      },
      emit: () => undefined,
      logError: (error) => {
        throw error;
      },
      isWorkingOffline: () => Promise.resolve(false),
      onActionsQueued: () => undefined,
      sendRaw,
      now: clock.now,
      timers: clock.timers,
    });
  });

  afterEach(async () => {
    await service.stop();
    store.close();
    dir.remove();
  });

  it('waits 5 seconds by default, and Undo in that time takes the message back unsent', async () => {
    assert.deepEqual(await service.handlers.getSendDelay({}), { seconds: 5 });
    const outcome = await service.handlers.sendMessage({ message: fields('Second thoughts'), draftId: null });
    assert.equal(outcome.status, 'scheduled');
    assert.equal(outcome.sendAt, clock.now() + 5000);
    assert.ok(outcome.outboxId);
    clock.advance(4999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(sent, []);
    const back = await service.handlers.undoSend({ outboxId: outcome.outboxId });
    assert.equal(back.fields.subject, 'Second thoughts');
    assert.deepEqual(back.fields.to, ['bob@example.org']);
    clock.advance(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(sent, []);
    assert.equal(await store.compose.outbox.count(), 0);
  });

  it('sends once when the delay runs out, after which Undo is refused', async () => {
    const outcome = await service.handlers.sendMessage({ message: fields('Let it go'), draftId: null });
    assert.ok(outcome.outboxId);
    clock.advance(5000);
    await until(async () => (await store.compose.outbox.count()) === 0);
    assert.deepEqual(sent, ['Let it go']);
    await assert.rejects(service.handlers.undoSend({ outboxId: outcome.outboxId }), /no longer in the outbox/);
  });

  it('sends at once when the delay is 0', async () => {
    await service.handlers.setSendDelay({ seconds: 0 });
    const outcome = await service.handlers.sendMessage({ message: fields('Right away'), draftId: null });
    assert.equal(outcome.status, 'sent');
    assert.deepEqual(sent, ['Right away']);
    assert.equal(clock.pending(), 0);
  });
});
