import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { sweepRateWindows } from '../api/rate-windows';
import { runPeriodically } from './periodic';

/** Windows last a minute; a sweep every ten keeps the table at about the callers of the last ten minutes. */
export const RATE_WINDOW_SWEEP_MS = 10 * 60_000;

/**
 * Deletes the API's rate-limit windows that are over (api/rate-windows.ts), at
 * start and then every ten minutes, one run at a time (worker/periodic.ts);
 * any number of workers may run it, and a window deleted while its caller
 * comes back is simply inserted again by that request's upsert.
 */
export function startRateLimitSweep(db: Database, logger: Logger, now: () => number = Date.now, intervalMs = RATE_WINDOW_SWEEP_MS): () => Promise<void> {
  return runPeriodically(logger, intervalMs, () => sweepRateWindows(db, now()), {
    done: (deleted) => {
      if (deleted > 0) logger.debug({ deleted }, 'rate-limit windows over deleted');
    },
    failed: 'rate-limit window sweep failed; the next run retries',
  });
}
