// Where a renderer's memory is, by Chromium's own allocators (the memory-infra dump
// chrome://tracing shows): Blink's garbage-collected heap (blink_gc), V8, malloc,
// PartitionAlloc, the compositor's tiles (cc). Resident size alone cannot say whether
// growth is the page's data, Blink's uncollected garbage or Chromium's caches.
import type { Page } from 'playwright-core';

type DumpEvent = {
  readonly ph: string;
  readonly pid: number;
  readonly args?: { readonly dumps?: { readonly allocators?: Record<string, { readonly attrs?: Record<string, { readonly value: string }> }> } };
};

const topLevel = ['blink_gc', 'v8', 'malloc', 'partition_alloc', 'cc', 'shared_memory', 'skia', 'font_caches'];

// Bytes per allocator of the renderer pid, from one detailed dump taken now.
export async function rendererAllocators(page: Page, pid: number): Promise<ReadonlyMap<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  const events: DumpEvent[] = [];
  cdp.on('Tracing.dataCollected', (event) => { events.push(...(event.value as unknown as DumpEvent[])); });
  const complete = new Promise<void>((resolve) => { cdp.once('Tracing.tracingComplete', () => { resolve(); }); });
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['disabled-by-default-memory-infra'] } });
  await cdp.send('Tracing.requestMemoryDump', { levelOfDetail: 'detailed' });
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const sizes = new Map<string, number>();
  for (const event of events) {
    if (event.ph !== 'v' || event.pid !== pid) continue;
    for (const name of topLevel) {
      const size = event.args?.dumps?.allocators?.[name]?.attrs?.size?.value;
      if (size !== undefined) sizes.set(name, Number.parseInt(size, 16));
    }
  }
  return sizes;
}

export function allocatorsText(sizes: ReadonlyMap<string, number>): string {
  return [...sizes].map(([name, bytes]) => `${name} ${(bytes / 1048576).toFixed(1)}`).join(', ') + ' MB';
}
