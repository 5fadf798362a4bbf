// Where the API's rate limits count (api/rate-limit.ts): in PostgreSQL, shared
// by every API replica (issue 17), or in one process's memory, the baseline the
// benchmark compares against (scripts/bench/rate-limit.ts).
import { sqlPool, type Database } from '../prisma/client';
import { prepared } from '../prisma/prepared';

/** Every limit counts per minute. */
export const RATE_WINDOW_MS = 60_000;

/** A caller's current window of one limit: when it opened and how many requests it has counted, this one included. */
export interface RateWindow {
  startedAt: number;
  hits: number;
}

/** Where windows are counted: `hit` counts one request of `caller` under `bucket` at `at` and returns its window. */
export interface RateWindows {
  hit(bucket: string, caller: string, at: number): Promise<RateWindow>;
}

/**
 * One statement per request, so two API replicas counting the same caller at
 * once both see the other's hit (the row lock of ON CONFLICT orders them): a
 * caller's first request inserts its window; a later one adds to it, or opens
 * a new one when the last is over (it started at $4, one window before now, or
 * earlier). In an UPDATE every
 * expression reads the row as it was, so both CASEs test the old window.
 */
export const COUNT_HIT = `
  INSERT INTO rate_limit_windows AS w (bucket, caller, started_at, hits)
  VALUES ($1, $2, $3, 1)
  ON CONFLICT (bucket, caller) DO UPDATE SET
    started_at = CASE WHEN w.started_at <= $4 THEN EXCLUDED.started_at ELSE w.started_at END,
    hits = CASE WHEN w.started_at <= $4 THEN 1 ELSE w.hits + 1 END
  RETURNING started_at, hits`;

/** Prepared once per connection, as the start's other statements are (prisma/prepared.ts). */
const countHit = prepared('count-rate-limit-hit', COUNT_HIT);

/** Windows over before `$1` (the sweep passes now minus one window): no caller's count is in them any more. */
export const SWEEP_WINDOWS = 'DELETE FROM rate_limit_windows WHERE started_at <= $1';

/**
 * Windows in PostgreSQL, shared by every API replica: a limit holds for a
 * caller whichever replica answers (issue 17). Plain SQL on the pool under
 * Prisma, one prepared round trip, as the start's other hot statements (BENCHMARKS.md).
 */
export function postgresWindows(db: Database, windowMs = RATE_WINDOW_MS): RateWindows {
  return {
    async hit(bucket, caller, at) {
      const { rows } = await sqlPool(db).query<{ started_at: Date; hits: number }>(countHit([bucket, caller, new Date(at), new Date(at - windowMs)]));
      const row = rows[0]!;
      return { startedAt: row.started_at.getTime(), hits: row.hits };
    },
  };
}

/** Deletes the windows over at `at`; returns how many. Any number of workers may run it (worker/rate-limit-sweep.ts). */
export async function sweepRateWindows(db: Database, at: number, windowMs = RATE_WINDOW_MS): Promise<number> {
  return (await sqlPool(db).query(SWEEP_WINDOWS, [new Date(at - windowMs)])).rowCount ?? 0;
}

/**
 * Windows in this process's memory: what the limit was before replicas (one
 * API process), kept as the baseline scripts/bench/rate-limit.ts measures the
 * shared windows against, and for tests of the middleware alone.
 */
export function memoryWindows(windowMs = RATE_WINDOW_MS): RateWindows {
  const windows = new Map<string, RateWindow>();
  return {
    async hit(bucket, caller, at) {
      const key = `${bucket}\u0000${caller}`;
      let window = windows.get(key);
      if (!window || at - window.startedAt >= windowMs) {
        window = { startedAt: at, hits: 0 };
        windows.set(key, window);
        // Forget idle callers so the map stays small.
        if (windows.size > 10_000) for (const [k, w] of windows) if (at - w.startedAt >= windowMs) windows.delete(k);
      }
      window.hits += 1;
      return { ...window };
    },
  };
}
