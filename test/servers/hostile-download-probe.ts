// Run by test/integration/hostile-sizes.test.ts as a plain Node process: downloads the hostile
// messages through the service (the offline policy's background download, then opening the
// older ones not yet downloaded) and prints the main thread's event loop lag as JSON.
//
// Why a process of its own: node:test's harness tracks every promise of the process it runs
// in with an async_hooks destroy hook, a weak handle each. imapflow makes a few promises for
// every 16 KB it reads, so downloading 190 MB leaves about 100,000 of them for the next full
// garbage collection, whose pause then spends about 100 ms in their callbacks alone
// (--trace-gc-nvp: heap.external.weak_global_handles=102.6 of pause=122.9). The app's main
// process has no such hook; measured here, the lag is the app's.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Folder, Message, MessageSummary } from '../../shared/domain.ts';
import { createMessageReader } from '../../electron/service/message-reader.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { toRowId } from '../../electron/store/row-id.ts';
import { openStore } from '../../electron/store/store.ts';
import { addAliceAccount, eventually, startServiceHarness } from './service-harness.ts';
import { measureLoopHold, type LoopHold } from './loop-hold.ts';

export type ProbeInput = {
  readonly dataDir: string;
  readonly host: '127.0.0.1';
  readonly imapsPort: number;
  readonly caCertificate: string;
  readonly username: string;
  readonly password: string;
  // Subjects of the messages the offline policy downloads, and of those opened before.
  readonly downloaded: readonly string[];
  readonly openedFirst: readonly string[];
  // A word in the first rows of the huge HTML body, searched for once its body is pending.
  readonly searchedWord: string;
};

// mainThreadCpuMs: the CPU the main thread itself used meanwhile, which a loaded machine
// does not inflate as it does the lag (the lag also counts time the thread waited for a core).
export type ProbeMeasure = Omit<LoopHold<void>, 'value'> & { readonly mainThreadCpuMs: number };
export type ProbeResult = {
  // The account added and its first header sync, to every message listed: the 10,000-part
  // BODYSTRUCTURE among them.
  readonly firstSync: ProbeMeasure;
  readonly download: ProbeMeasure;
  readonly opening: ProbeMeasure;
  // Every one's source read whole (getSource: forward as attachment, Save as .eml), and the
  // byte count each gave, by subject.
  readonly sources: ProbeMeasure & { readonly bytes: Readonly<Record<string, number>> };
  // Their bodies indexed again as a store from before the index has them (pending bodies),
  // by the search for searchedWord: what it found, and how many are pending after.
  readonly pending: ProbeMeasure & { readonly found: readonly string[]; readonly stillPending: number };
  // What opening each older one showed, by subject.
  readonly opened: Readonly<Record<string, OpenedView>>;
};

export type OpenedView = {
  readonly notice: string | null;
  readonly partKinds: readonly string[];
  // The start of the first part's text or HTML.
  readonly firstPart: string;
  readonly attachments: readonly (readonly [string, number])[];
};

// The line of standard output that carries the result.
const resultPrefix = 'hostile download probe: ';

async function measuring(work: () => Promise<void>): Promise<ProbeMeasure> {
  const cpuBefore = process.threadCpuUsage();
  const { value: cpu, ...hold } = await measureLoopHold(async () => {
    await work();
    return process.threadCpuUsage(cpuBefore);
  });
  return { ...hold, mainThreadCpuMs: (cpu.user + cpu.system) / 1000 };
}

function viewOf(message: Message): OpenedView {
  const first = message.bodyParts[0];
  return {
    notice: message.notice ?? null,
    partKinds: message.bodyParts.map((part) => part.kind),
    firstPart: (first === undefined ? '' : first.kind === 'html' ? first.html : first.text).slice(0, 200),
    attachments: message.attachments.map((attachment) => [attachment.fileName, attachment.size] as const),
  };
}

// The result in the probe's standard output; null when it printed none.
export function probeResultIn(output: string): ProbeResult | null {
  const line = output.split('\n').find((candidate) => candidate.startsWith(resultPrefix));
  return line === undefined ? null : (JSON.parse(line.slice(resultPrefix.length)) as ProbeResult);
}

async function probe(input: ProbeInput): Promise<ProbeResult> {
  const server = {
    host: input.host,
    imapsPort: input.imapsPort,
    caCertificate: input.caCertificate,
    user: () => ({ username: input.username, password: input.password }),
  };
  const harness = startServiceHarness(server, { dataDir: input.dataDir });
  try {
    const everySubject = [...input.downloaded, ...input.openedFirst];
    let summaries: readonly MessageSummary[] = [];
    const synced: { inbox?: Folder } = {};
    const firstSync = await measuring(async () => {
      const account = await addAliceAccount(harness, server);
      await harness.request('syncAccount', { accountId: account.id });
      const folder = await harness.folderByPath(account.id, 'INBOX');
      synced.inbox = folder;
      await eventually(
        async () => {
          summaries = await harness.allMessages(folder.id);
          const listed = summaries.map((summary) => summary.subject);
          if (!everySubject.every((subject) => listed.includes(subject))) throw new Error(`listed so far: ${listed.join(', ')}`);
        },
        240_000,
        50,
      );
    });
    const inbox = synced.inbox;
    if (inbox === undefined) throw new Error('the first sync found no INBOX');
    const download = await measuring(async () => {
      await eventually(
        async () => {
          summaries = await harness.allMessages(inbox.id);
          const full = summaries.filter((summary) => summary.bodyState === 'full').map((summary) => summary.subject);
          if (!input.downloaded.every((subject) => full.includes(subject))) throw new Error(`downloaded so far: ${full.join(', ')}`);
        },
        240_000,
        250,
      );
    });
    const opened: Record<string, Message> = {};
    const opening = await measuring(async () => {
      for (const subject of input.openedFirst) {
        const summary = summaries.find((candidate) => candidate.subject === subject);
        if (summary === undefined) throw new Error(`${subject} was not synced`);
        if (summary.bodyState !== 'headers') throw new Error(`${subject} was downloaded before it was opened`);
        opened[subject] = await harness.request('getMessage', { messageId: summary.id });
      }
    });
    const everyOne = [...input.downloaded, ...input.openedFirst].map((subject) => {
      const summary = summaries.find((candidate) => candidate.subject === subject);
      if (summary === undefined) throw new Error(`${subject} was not synced`);
      return summary;
    });
    // The reader the service composes, over the same store: getSource has no channel of its
    // own (compose's forward and Save as .eml call it).
    const store = openStore(input.dataDir);
    const bytes: Record<string, number> = {};
    const sources = await measuring(async () => {
      const reader = createMessageReader({
        store,
        sessions: { use: () => Promise.reject(new Error('no server here')), closeAccount: () => Promise.resolve(), closeAll: () => Promise.resolve() },
        emit: () => undefined,
        dataDir: input.dataDir,
      });
      for (const summary of everyOne) bytes[summary.subject] = (await reader.getSource(summary.id)).length;
    });
    store.close();
    // As a store whose sources were kept before the index existed (migration 005) leaves
    // them: no body text, so only indexing them again finds the word.
    const database = new DatabaseSync(join(input.dataDir, databaseFileName));
    const markPending = database.prepare("UPDATE search_text SET body = '', filenames = '', body_indexed = 0 WHERE message_id = ?");
    for (const summary of everyOne) markPending.run(toRowId(summary.id));
    let found: readonly string[] = [];
    const pending = await measuring(async () => {
      const page = await harness.request('searchMessages', { query: input.searchedWord, sort: 'date', offset: 0, limit: 10 });
      found = page.items.map((item) => item.subject);
    });
    const stillPending = Number(database.prepare('SELECT count(*) AS n FROM search_text WHERE body_indexed = 0').get()?.['n']);
    database.close();
    return {
      firstSync,
      download,
      opening,
      sources: { ...sources, bytes },
      pending: { ...pending, found, stillPending },
      opened: Object.fromEntries(Object.entries(opened).map(([subject, message]) => [subject, viewOf(message)])),
    };
  } finally {
    await harness.close();
  }
}

export const probeInputVariable = 'LETTERBOX_HOSTILE_PROBE';

// Run as a script (the test imports only probeResultIn and the names).
if (import.meta.main) {
  const raw = process.env[probeInputVariable];
  if (raw === undefined) throw new Error(`${probeInputVariable} is not set`);
  const result = await probe(JSON.parse(raw) as ProbeInput);
  process.stdout.write(`${resultPrefix}${JSON.stringify(result)}\n`);
}
