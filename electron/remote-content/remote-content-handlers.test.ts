import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { allowRemoteContentSchema } from '../../shared/remote-content/remote-content-schemas.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';
import { createRemoteContentHandlers } from './remote-content-handlers.ts';

// "Always for this domain": granted from the stored message's From, for exactly that domain,
// kept, listed and revoked through the channels Settings → Privacy uses.
describe('remote content allowed for a domain', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let handlers: ReturnType<typeof createRemoteContentHandlers>;
  const ids = new Map<string, string>();

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    const accountId = (await store.accounts.insert(sampleAccount())).id;
    const { folders } = await store.folders.replaceFromServer(accountId, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    const inbox = folders[0]?.id ?? '';
    const senders = ['news@Shop.example', 'billing@shop.example', 'news@mail.shop.example', 'someone@other.example'];
    await store.messages.upsertHeaders(
      inbox,
      senders.map((address, index) => sampleHeader(index + 1, { subject: address, from: { name: '', address } })),
    );
    for (const item of (await store.messages.listPage(inbox, 0, 10))?.items ?? []) ids.set(item.subject, item.id);
    handlers = createRemoteContentHandlers(store, () => 1_000);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  const allowed = async (sender: string) => (await handlers.getRemoteContentPolicy({ messageId: ids.get(sender) ?? '' })).allowed;

  it('allows every sender of exactly that domain, and no other, until revoked', async () => {
    assert.deepEqual(await handlers.getRemoteContentPolicy({ messageId: ids.get('news@Shop.example') ?? '' }), {
      allowed: false,
      sender: 'news@shop.example',
      domain: 'shop.example',
    });
    await handlers.allowRemoteContent({ messageId: ids.get('news@Shop.example') ?? '', scope: 'domain' });
    assert.equal(await allowed('news@Shop.example'), true);
    assert.equal(await allowed('billing@shop.example'), true, 'another sender of the domain');
    assert.equal(await allowed('news@mail.shop.example'), false, 'a subdomain is another domain');
    assert.equal(await allowed('someone@other.example'), false);

    const consents = await handlers.listRemoteContentConsents({});
    assert.deepEqual(consents.map((consent) => [consent.scope, consent.label]), [['domain', 'shop.example']]);
    await handlers.revokeRemoteContentConsent({ consentId: consents[0]?.id ?? '' });
    assert.equal(await allowed('billing@shop.example'), false, 'blocked again once revoked');
    assert.deepEqual(await handlers.listRemoteContentConsents({}), []);
  });

  it('takes no domain or address from the page: the request names only the message and the scope', () => {
    const messageId = ids.get('someone@other.example') ?? '';
    assert.equal(allowRemoteContentSchema.safeParse({ messageId, scope: 'domain' }).success, true);
    assert.equal(allowRemoteContentSchema.safeParse({ messageId, scope: 'domain', domain: 'shop.example' }).success, false);
    assert.equal(allowRemoteContentSchema.safeParse({ messageId, scope: 'sender', address: 'x@shop.example' }).success, false);
  });
});
