import type { Client } from '@temporalio/client';
import { createNotificationActivities } from '../activities/notifications';
import { createProcessEndActivities } from '../activities/process-ended-in-error';
import { noticeSenders, type Providers } from '../activities/providers';
import { closeProcessesOfTerminatedRuns, type EndedRun, type TerminatedRunsPass } from '../activities/terminated-runs';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { runPeriodically } from './periodic';

/** How often visibility is asked for runs ended from outside. */
export const TERMINATED_RUN_SWEEP_MS = 5 * 60_000;
/** The first pass looks this far back: runs terminated while no worker ran are closed too. */
export const FIRST_PASS_LOOKBACK_MS = 30 * 24 * 3_600_000;
/** Visibility is written after a run closes and may lag by this much: the window moves up to a close time only this long after it was listed. */
export const PASS_OVERLAP_MS = 10 * 60_000;
/**
 * A run is closed for only once the sweep has known of it this long: an
 * operator may terminate a run and reset it a few minutes later, and the
 * reset's run then drives the process (activities/terminated-runs.ts). A reset
 * after a close is too late: the process stays closed.
 */
export const SETTLE_MS = 10 * 60_000;

/**
 * Where each pass asks from, and which runs have settled. Two clocks meet
 * here and are never compared: visibility's close times are the Temporal
 * server's, and the window starts from them; the delays are the worker's own,
 * on a monotonic clock. A run settles SETTLE_MS after the pass that first
 * listed it, which came after the run closed whatever either clock says; the
 * window moves up to a close time only PASS_OVERLAP_MS after a pass listed
 * it, so a run whose visibility record is written up to that much later than
 * a newer one's is still asked for. So a worker whose clock is off the
 * server's neither skips runs nor closes one before a reset could follow.
 */
export interface SweepWindow {
  since(): Date;
  settled(run: EndedRun): boolean;
  /** After a pass that listed: the window holds at the earliest run still to handle. */
  passed(result: TerminatedRunsPass): void;
}

export interface SweepClock {
  /** Wall time, for the first pass's look back only. */
  wall(): number;
  /** Milliseconds on a clock no time step moves. */
  elapsed(): number;
}

const WORKER_CLOCK: SweepClock = { wall: Date.now, elapsed: () => performance.now() };

export function sweepWindow(clock: SweepClock = WORKER_CLOCK): SweepWindow {
  let since = clock.wall() - FIRST_PASS_LOOKBACK_MS;
  const firstListed = new Map<string, number>();
  let listedThisPass = new Set<string>();
  // The latest close time each pass listed, oldest first, until old enough to move the window.
  const closesListed: { at: number; latestClose: number }[] = [];
  return {
    since: () => new Date(since),
    settled: (run) => {
      const key = `${run.workflowId}/${run.runId}`;
      listedThisPass.add(key);
      const first = firstListed.get(key) ?? clock.elapsed();
      firstListed.set(key, first);
      return clock.elapsed() - first >= SETTLE_MS;
    },
    passed: ({ latestClose, retryFrom, unsettledFrom }) => {
      const now = clock.elapsed();
      if (latestClose !== null) closesListed.push({ at: now, latestClose });
      let aged = since;
      while (closesListed.length > 0 && closesListed[0]!.at <= now - PASS_OVERLAP_MS) aged = Math.max(aged, closesListed.shift()!.latestClose);
      since = Math.min(aged, retryFrom ?? Infinity, unsettledFrom ?? Infinity);
      // Runs no longer listed are behind the window: forget them.
      for (const key of firstListed.keys()) if (!listedThisPass.has(key)) firstListed.delete(key);
      listedThisPass = new Set();
    },
  };
}

/**
 * R-G7: closes the process rows of workflows terminated (or timed out) from
 * outside (activities/terminated-runs.ts) once they have settled (SETTLE_MS),
 * at start and then every five minutes. Any number of workers may run it: the
 * closing is under the row's lock and closes a row once, and its notice is
 * keyed by process and outcome.
 */
export function startTerminatedRunSweep(
  db: Database,
  config: Pick<Config, 'notices'>,
  logger: Logger,
  deps: { temporal: Client; providers: Pick<Providers, 'sms' | 'email' | 'wechatNotices'> },
  intervalMs = TERMINATED_RUN_SWEEP_MS,
  window: SweepWindow = sweepWindow(),
): () => Promise<void> {
  const { notifyOutcome } = createNotificationActivities(db, noticeSenders(deps.providers), config.notices);
  const { closeProcessEndedInError } = createProcessEndActivities(db, notifyOutcome);
  const pass = async () => {
    const result = await closeProcessesOfTerminatedRuns({ db, temporal: deps.temporal, close: closeProcessEndedInError }, window.since(), window.settled);
    window.passed(result);
    return result;
  };
  return runPeriodically(logger, intervalMs, pass, {
    done: ({ listed, closed, continued, failed, unsettled }) => {
      if (closed + continued + failed > 0) logger.info({ listed, closed, continued, failed, unsettled }, 'closed the processes of workflows terminated from outside');
    },
    failed: 'terminated-run sweep failed; the next pass retries',
  });
}
