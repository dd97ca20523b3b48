// The body text threads' share of a full offline sync, alone (docs/decisions.md, "Full
// offline sync: where the time goes"): the corpus's sources parsed for the index on two
// threads as download-bodies.ts hands them over (a batch of 100 at a time), timed by the
// CPU of the whole process (the threads, V8's helpers, this thread's posting), for each
// young generation size in BODY_TEXT_YOUNG_MB (the old generation as body-text-pool.ts
// sets it). Rounds alternate between the sizes; the best of each is printed.
//   BENCH_MESSAGES=10000 BODY_TEXT_YOUNG_MB=8,32 node bench/support/body-text-cpu.ts
import { bodyTextThreadLimits } from '../../electron/search/body-text-pool.ts';
import type { BodyTextReply, BodyTextRequest } from '../../electron/search/body-text-protocol.ts';
import { createWorkerRequests } from '../../electron/worker-requests.ts';
import { corpusMessage } from './corpus.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
const sizes = (process.env.BODY_TEXT_YOUNG_MB ?? '8,32').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const batch = 100;
const sources = Array.from({ length: messageCount }, (_, index) => corpusMessage(index));

async function parseAll(youngMb: number): Promise<number> {
  const requests = createWorkerRequests<BodyTextReply>({
    url: new URL('../../electron/search/body-text-worker.ts', import.meta.url),
    size: 2,
    resourceLimits: { ...bodyTextThreadLimits, maxYoungGenerationSizeMb: youngMb },
    stopped: () => 'stopped',
    closed: 'closed',
  });
  // Threads started and their modules loaded before the clock starts.
  await Promise.all([0, 1].map(() => requests.request((id) => ({ id, kind: 'text', source: new Uint8Array(corpusMessage(0)) }) satisfies BodyTextRequest)));
  const before = process.cpuUsage();
  for (let start = 0; start < sources.length; start += batch) {
    await Promise.all(
      sources.slice(start, start + batch).map((source) => {
        const copy = new Uint8Array(source);
        return requests.request((id) => ({ id, kind: 'text', source: copy }) satisfies BodyTextRequest, [copy.buffer]);
      }),
    );
  }
  const used = process.cpuUsage(before);
  await requests.close();
  return (used.user + used.system) / messageCount;
}

const best = new Map<number, number>();
for (let round = 0; round < rounds; round += 1) {
  for (const size of sizes) {
    const us = await parseAll(size);
    best.set(size, Math.min(best.get(size) ?? Number.POSITIVE_INFINITY, us));
  }
}
console.log(`BODY_TEXT_CPU µs per message (all threads, best of ${rounds}), ${messageCount} messages: ${JSON.stringify(Object.fromEntries([...best].map(([size, us]) => [`young ${size} MB`, Math.round(us)])))}`);
