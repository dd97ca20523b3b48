// Process CPU time of the search benchmark's 20 queries through the service's dispatch, per
// query and per SQL statement, on a store the benchmark kept (BENCH_KEEP=1 prints where):
//   node bench/support/search-cpu-profile.ts DIR/letterbox [rounds]   (STATEMENTS=1 for each statement)
// CPU time, not wall time: on a machine other work loads, wall time says more about the
// load than about the code, while CPU time moves far less.
import { StatementSync } from 'node:sqlite';
import { createService } from '../../electron/service/create-service.ts';
import { searchPageSize } from '../../shared/search/search-types.ts';
import { createMemorySecretStore } from './memory-secret-store.ts';
import { queries } from './search-queries.ts';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: node bench/support/search-cpu-profile.ts DATA_DIR [rounds]');
const rounds = Number(process.argv[3] ?? 7);

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

// Statements are timed where they run: all, get and run are wrapped for this process.
let statementTimes: Map<string, number> | null = null;
for (const method of ['all', 'get', 'run'] as const) {
  const original = Object.getOwnPropertyDescriptor(StatementSync.prototype, method)?.value as (this: StatementSync, ...args: unknown[]) => unknown;
  Object.defineProperty(StatementSync.prototype, method, {
    value: function timed(this: StatementSync, ...args: unknown[]) {
      const began = cpuMs();
      try {
        return original.apply(this, args);
      } finally {
        // The time first: the key's regular expression over a long statement is not its cost.
        const spent = cpuMs() - began;
        const key = this.sourceSQL.replace(/\s+/g, ' ').slice(0, 100);
        statementTimes?.set(key, (statementTimes.get(key) ?? 0) + spent);
      }
    },
  });
}

const service = createService({ dataDir, secretStore: createMemorySecretStore(), openExternal: () => Promise.resolve(false), logError: () => undefined });
const results = queries.map(() => ({ total: '', cpu: [] as number[], statements: new Map<string, number[]>() }));
// One unmeasured round first, as the benchmark does: each query shape is prepared once.
for (let round = -1; round < rounds; round += 1) {
  for (const [index, query] of queries.entries()) {
    const result = results[index];
    if (result === undefined) continue;
    statementTimes = new Map();
    const began = cpuMs();
    const answer = await service.dispatch('searchMessages', { query: query.ours, sort: 'date', offset: 0, limit: searchPageSize });
    const spent = cpuMs() - began;
    if (!answer.ok) throw new Error(`"${query.ours}": ${answer.error.message}`);
    const page = answer.value as { total: number; totalAtLeast?: boolean };
    result.total = `${page.total}${page.totalAtLeast === true ? '+' : ''}`;
    if (round < 0) continue;
    result.cpu.push(spent);
    for (const [sql, ms] of statementTimes) result.statements.set(sql, [...(result.statements.get(sql) ?? []), ms]);
  }
}
statementTimes = null;
await service.close();

const medians = results.map((result) => median(result.cpu));
for (const [index, query] of queries.entries()) {
  const result = results[index];
  if (result === undefined) continue;
  console.log(`${query.ours.padEnd(36)} ${result.total.padStart(6)} hits  ${(medians[index] ?? 0).toFixed(2).padStart(6)} ms CPU`);
  if (process.env.STATEMENTS !== undefined) {
    for (const [sql, times] of result.statements) console.log(`    ${median(times).toFixed(2).padStart(6)} ms  ${sql}`);
  }
}
const sorted = [...medians].sort((a, b) => a - b);
// Nearest rank, as the benchmark: of 20 figures, p95 is the 19th smallest.
const p95 = sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)] ?? 0;
console.log(`CPU over the ${queries.length} queries (each query's median of ${rounds}): median ${median(medians).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`);
