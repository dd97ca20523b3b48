// Run by bench/offline-sync.bench.ts in a fresh process: a cold start of the service on
// an existing cache to the first page of the Inbox, then cached messages opened through
// the same dispatch the UI uses. Prints one COLD_START line of JSON.
const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: cold-start-child.ts DATA_DIR');

const importStarted = performance.now();
const { createService } = await import('../../electron/service/create-service.ts');
const { createMemorySecretStore } = await import('./memory-secret-store.ts');
const importMs = performance.now() - importStarted;

type Envelope = { ok: true; value: unknown } | { ok: false; error: { message: string } };

// The dispatch's answers are checked by the contract's own tests; here only their shape matters.
function value(result: Envelope): unknown {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const started = performance.now();
const service = createService({ dataDir, secretStore: createMemorySecretStore(), openExternal: () => Promise.resolve(false) });
const accounts = value(await service.dispatch('listAccounts', {})) as readonly { id: string; kind: string }[];
const account = accounts.find((candidate) => candidate.kind === 'imap');
if (account === undefined) throw new Error('no IMAP account in the cache');
const folders = value(await service.dispatch('listFolders', { accountId: account.id })) as readonly { id: string; role: string | null; totalCount: number }[];
const inbox = folders.find((folder) => folder.role === 'inbox');
if (inbox === undefined) throw new Error('no Inbox in the cache');
const page = value(await service.dispatch('listMessages', { folderId: inbox.id, offset: 0, limit: 100 })) as { items: readonly { id: string }[] };
const firstPageMs = performance.now() - started;
if (page.items.length === 0) throw new Error('the first page is empty');

// Spread over the folder: the newest, the oldest and everything between.
const samples = 200;
const ids: string[] = [];
for (let index = 0; index < samples; index += 1) {
  const offset = Math.floor((index * (inbox.totalCount - 1)) / (samples - 1));
  const one = value(await service.dispatch('listMessages', { folderId: inbox.id, offset, limit: 1 })) as { items: readonly { id: string }[] };
  const id = one.items[0]?.id;
  if (id !== undefined) ids.push(id);
}
const openTimes: number[] = [];
for (const messageId of ids) {
  const opened = performance.now();
  const message = value(await service.dispatch('getMessage', { messageId })) as { bodyState?: string; text?: string | null; html?: string | null };
  openTimes.push(performance.now() - opened);
  if (message.text == null && message.html == null) throw new Error(`message ${messageId} opened without a body`);
}
await service.close();
const sorted = [...openTimes].sort((a, b) => a - b);
const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
console.log(`COLD_START ${JSON.stringify({ importMs, firstPageMs, openMedianMs: at(0.5), openP95Ms: at(0.95), opened: openTimes.length })}`);
