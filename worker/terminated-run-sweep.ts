import type { Client } from '@temporalio/client';
import { createNotificationActivities } from '../activities/notifications';
import { createProcessEndActivities } from '../activities/process-ended-in-error';
import { noticeSenders, type Providers } from '../activities/providers';
import { closeProcessesOfTerminatedRuns } from '../activities/terminated-runs';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { runPeriodically } from './periodic';

/** How often visibility is asked for runs ended from outside. */
export const TERMINATED_RUN_SWEEP_MS = 5 * 60_000;
/** The first pass looks this far back: runs terminated while no worker ran are closed too. */
export const FIRST_PASS_LOOKBACK_MS = 30 * 24 * 3_600_000;
/** Each later pass overlaps the one before by this much: visibility is written after the run closes, and may lag. */
export const PASS_OVERLAP_MS = 10 * 60_000;
/**
 * A run is closed for only once it has been over this long: an operator may
 * terminate a run and reset it a few minutes later, and the reset's run then
 * drives the process (activities/terminated-runs.ts). A reset after a close is
 * too late: the process stays closed.
 */
export const SETTLE_MS = 10 * 60_000;

/**
 * R-G7: closes the process rows of workflows terminated (or timed out) from
 * outside (activities/terminated-runs.ts) at least SETTLE_MS before, at
 * start and then every five minutes. Any number of workers may run it: the closing is under the row's
 * lock and closes a row once, and its notice is keyed by process and outcome.
 */
export function startTerminatedRunSweep(
  db: Database,
  config: Pick<Config, 'notices'>,
  logger: Logger,
  deps: { temporal: Client; providers: Pick<Providers, 'sms' | 'email' | 'wechatNotices'> },
  intervalMs = TERMINATED_RUN_SWEEP_MS,
): () => Promise<void> {
  const { notifyOutcome } = createNotificationActivities(db, noticeSenders(deps.providers), config.notices);
  const { closeProcessEndedInError } = createProcessEndActivities(db, notifyOutcome);
  let since = new Date(Date.now() - FIRST_PASS_LOOKBACK_MS);
  const pass = async () => {
    const until = new Date(Date.now() - SETTLE_MS);
    const result = await closeProcessesOfTerminatedRuns({ db, temporal: deps.temporal, close: closeProcessEndedInError }, since, until);
    // The next window starts where this one ended (less the overlap), or at the earliest run that failed.
    since = new Date(Math.min(until.getTime() - PASS_OVERLAP_MS, result.retryFrom ?? Infinity));
    return result;
  };
  return runPeriodically(logger, intervalMs, pass, {
    done: ({ listed, closed, continued, failed }) => {
      if (closed + continued + failed > 0) logger.info({ listed, closed, continued, failed }, 'closed the processes of workflows terminated from outside');
    },
    failed: 'terminated-run sweep failed; the next pass retries',
  });
}
