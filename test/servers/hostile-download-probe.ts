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
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Message, MessageSummary } from '../../shared/domain.ts';
import { addAliceAccount, eventually, startServiceHarness } from './service-harness.ts';

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
};

export type ProbeMeasure = { readonly maxLagMs: number; readonly peakRssMb: number };
export type ProbeResult = {
  readonly download: ProbeMeasure;
  readonly opening: ProbeMeasure;
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

const megabyte = 1024 * 1024;

async function measuring(work: () => Promise<void>): Promise<ProbeMeasure> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  histogram.enable();
  try {
    await work();
    return { maxLagMs: histogram.max / 1e6, peakRssMb: peakRss / megabyte };
  } finally {
    histogram.disable();
    clearInterval(sampler);
  }
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
    const account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    let summaries: readonly MessageSummary[] = [];
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
    return {
      download,
      opening,
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
