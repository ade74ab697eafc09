import type { EventStore, RecordedEvent } from './types.ts';

/**
 * Every event of the log, page after page (readAll gives one page: 1,000 events unless told
 * otherwise). For test support and tools that fold the whole log; the app reads read models.
 */
export async function readWholeLog(store: EventStore, pageSize = 5_000): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const from = out.at(-1)?.position;
    const page = await store.readAll({ ...(from ? { from } : {}), maxCount: pageSize });
    out.push(...page);
    if (page.length < pageSize) return out;
  }
}
