import { openStore } from './store.ts';
import { sampleAccount, sampleHeader } from './test-fixtures.ts';

// For tests of threads that read a source from the store themselves: a store in dataDir
// holding one message with this source; closed again, as the threads open their own.
export async function storeOneSource(dataDir: string, source: Uint8Array): Promise<string> {
  const store = openStore(dataDir);
  try {
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      {
        path: 'INBOX',
        name: 'Inbox',
        delimiter: '/',
        parentPath: null,
        role: 'inbox',
        subscribed: true,
        selectable: true,
        messages: 0,
        unseen: 0,
      },
    ]);
    const folder = folders[0];
    if (folder === undefined) throw new Error('the folder was not stored');
    await store.messages.upsertHeaders(folder.id, [sampleHeader(1)]);
    const message = (await store.messages.listPage(folder.id, 0, 1))?.items[0];
    if (message === undefined) throw new Error('the message was not stored');
    if (!(await store.sources.storeFull(message.id, source))) throw new Error('the source was not stored');
    return message.id;
  } finally {
    store.close();
  }
}
