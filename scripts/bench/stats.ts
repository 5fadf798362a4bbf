export interface Summary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles of latencies in milliseconds. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const mean = sorted.reduce((total, value) => total + value, 0) / (sorted.length || 1);
  return { count: sorted.length, p50: rank(50), p99: rank(99), mean };
}

/** Runs `task(i)` for i in [0, total) with at most `concurrency` in flight; the first failure stops the rest. */
export async function pool(total: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const lane = async () => {
    while (failed === undefined && next < total) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  if (failed !== undefined) throw failed;
}

/**
 * Begins `task(i)` for i in [0, total) at `perSecond`, on a schedule fixed from
 * the start (a late tick does not push the next ones back), however many are
 * still in flight; resolves when all are done, rejects with the first failure.
 */
export async function paced(total: number, perSecond: number, task: (index: number) => Promise<void>): Promise<void> {
  const began = Date.now();
  const running: Array<Promise<void>> = [];
  let failed: unknown;
  for (let index = 0; index < total && failed === undefined; index++) {
    const due = began + (index * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    running.push(task(index).catch((error: unknown) => {
      failed ??= error;
    }));
  }
  await Promise.all(running);
  if (failed !== undefined) throw failed;
}

export const elapsedMs = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const rssMiB = () => process.memoryUsage().rss / 2 ** 20;
