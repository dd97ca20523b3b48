// Delivers one 50 MB HTML message into Local Folders in a plain Node process and prints the
// main thread's longest event loop hold and its CPU time (issue 9, hostile sizes). With
// `main`, the store's Local Folders rows are committed on a main-thread connection, as
// before the header writer's thread committed them: the before/after of docs/decisions.md.
// With `attachment`, a 137 MB message whose 100 MB is an attachment instead.
//   node bench/support/local-delivery-probe.ts [main] [attachment]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseQuery } from '../../shared/search/parse-query.ts';
import { createLocalFolders } from '../../electron/local/local-folders.ts';
import { openDatabase } from '../../electron/store/open-database.ts';
import { openStore, storeOver } from '../../electron/store/store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { bigAttachmentMessage, bigHtmlMessage, hostileSizes } from '../../test/servers/hostile-size-mail.ts';

const onMain = process.argv.includes('main');
const attachment = process.argv.includes('attachment');
const dir = makeTempDir('lb-local-delivery-probe-');
const opened = openStore(dir.path);
const mainConnection = onMain ? storeOver(openDatabase(dir.path)) : null;
const store = mainConnection === null ? opened : { ...opened, local: mainConnection.local };
const local = createLocalFolders(store, dir.path);
const source = Buffer.concat(
  [...(attachment ? bigAttachmentMessage(1, 100 * hostileSizes.megabyte) : bigHtmlMessage(1, 50 * hostileSizes.megabyte)).chunks()].map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)),
);
const inboxId = (await local.account()).inboxId;
// A small delivery first: threads started and statements prepared are not what is measured.
await local.deliver(inboxId, [{ source: Buffer.from('Subject: warm-up\r\n\r\nHello.\r\n'), size: 27, ledger: null }]);

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const cpuBefore = process.threadCpuUsage();
const started = performance.now();
await local.deliver(inboxId, [{ source, size: source.length, ledger: null }]);
const elapsed = performance.now() - started;
const cpu = process.threadCpuUsage(cpuBefore);
// A hold that ended the work is recorded when the timer next fires.
await new Promise((resolve) => setTimeout(resolve, 50));
histogram.disable();
console.log(
  `${onMain ? 'main-thread commit' : 'header writer commit'}: delivering ${Math.round(source.length / hostileSizes.megabyte)} MB ${attachment ? 'with an attachment' : 'HTML'}, ` +
    `max event loop hold ${Math.round(histogram.max / 1e6)} ms, main thread CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms, wall ${Math.round(elapsed)} ms`,
);
// Both ways store the same text: its words are found.
const query = parseQuery(attachment ? 'big.bin' : 'newsletter');
if (!query.ok || query.query === null) throw new Error('the query did not parse');
const found = await opened.search.search({ query: query.query, sort: 'date', offset: 0, limit: 10, serverHits: [] });
if (found.total !== 1) throw new Error(`the delivered message's text was not indexed (${found.total} found)`);
mainConnection?.close();
opened.close();
dir.remove();
