import type { Client } from '@temporalio/client';
import { createLogger } from '../../config/logger';
import type { Database } from '../../prisma/client';
import { endedRunsQuery, type EndedRun, type TerminatedRunsPass } from '../../activities/terminated-runs';
import { FIRST_PASS_LOOKBACK_MS, PASS_OVERLAP_MS, SETTLE_MS, TERMINATED_RUN_SWEEP_MS, startTerminatedRunSweep, sweepWindow } from '../../worker/terminated-run-sweep';
import { NOTICE_DEFAULTS } from '../../config';

const MINUTE = 60_000;

// R-G7: the sweep's window. The first pass looks back a month; later passes
// start from the close times visibility gave (less an overlap for its lag),
// and a failed pass moves nothing, so no run terminated meanwhile is missed.
describe('the terminated-run sweep, pass after pass', () => {
  it('R-G7: looks back a month first, with no end drawn from the worker clock; a pass that listed nothing or failed keeps its window', async () => {
    const queries: string[] = [];
    let fail = false;
    const temporal = {
      workflow: {
        list: ({ query }: { query: string }) => {
          queries.push(query);
          if (fail) throw new Error('visibility unavailable');
          return (async function* () {})();
        },
      },
    } as unknown as Client;
    const unsent = { send: async () => undefined };
    const before = Date.now();
    const stop = startTerminatedRunSweep({} as Database, { notices: NOTICE_DEFAULTS }, createLogger({ level: 'silent' }), { temporal, providers: { sms: unsent, email: unsent, wechatNotices: unsent } }, 30);
    const sinceOf = (query: string) => Date.parse(/CloseTime >= '([^']+)'/.exec(query)![1]!);
    const until = async (count: number) => {
      while (queries.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await until(2);
    fail = true;
    await until(4);
    await stop();

    expect(sinceOf(queries[0]!)).toBeGreaterThanOrEqual(before - FIRST_PASS_LOOKBACK_MS - 1);
    expect(sinceOf(queries[0]!)).toBeLessThanOrEqual(Date.now() - FIRST_PASS_LOOKBACK_MS);
    expect(queries[0]).not.toContain('CloseTime <');
    expect(new Set(queries.map(sinceOf)).size).toBe(1);
  });

  it('R-G7: asks only for process workflows ended from outside, by close time in UTC', () => {
    const query = endedRunsQuery(new Date(Date.UTC(2026, 11, 3, 12, 0, 0)));
    expect(query).toBe(
      "ExecutionStatus IN ('Terminated', 'TimedOut') AND WorkflowType IN ('individualVerification', 'enterpriseVerification', 'subjectChange') " +
        "AND CloseTime >= '2026-12-03T12:00:00.000Z'",
    );
  });
});

interface SimulatedRun {
  closedAt: number;
  /** How long after its close visibility lists it (30 s unless said). */
  lag?: number;
}

/**
 * Two hours of passes every five minutes against a visibility that lists a run
 * some time after it closed, with the worker's wall clock `skew` ms off the
 * server's. Returns, by run, when (real time) the window first let it be handled.
 */
function simulate(skew: number, closes: readonly (number | SimulatedRun)[], failAt: ReadonlySet<number> = new Set()) {
  const runs = closes.map((run) => (typeof run === 'number' ? { closedAt: run, lag: 30_000 } : { lag: 30_000, ...run }));
  let realNow = 0;
  const window = sweepWindow({ wall: () => realNow + skew, elapsed: () => realNow + 777_000 });
  const handled = new Map<number, number>();
  const failedOnce = new Set<number>();
  for (realNow = 0; realNow <= 120 * MINUTE; realNow += TERMINATED_RUN_SWEEP_MS) {
    const since = window.since().getTime();
    const listed: EndedRun[] = runs
      .filter(({ closedAt, lag }) => closedAt + lag <= realNow && closedAt >= since)
      .map(({ closedAt }) => ({ workflowId: `account-process-${closedAt}`, runId: `run-${closedAt}`, status: 'TERMINATED', closedAt }));
    const pass: TerminatedRunsPass = { listed: listed.length, closed: 0, continued: 0, failed: 0, retryFrom: null, unsettled: 0, unsettledFrom: null, latestClose: null };
    for (const run of listed) {
      pass.latestClose = Math.max(pass.latestClose ?? run.closedAt, run.closedAt);
      if (!window.settled(run)) {
        pass.unsettled++;
        pass.unsettledFrom = Math.min(pass.unsettledFrom ?? run.closedAt, run.closedAt);
      } else if (failAt.has(run.closedAt) && !failedOnce.has(run.closedAt)) {
        failedOnce.add(run.closedAt);
        pass.failed++;
        pass.retryFrom = Math.min(pass.retryFrom ?? run.closedAt, run.closedAt);
      } else if (!handled.has(run.closedAt)) handled.set(run.closedAt, realNow);
    }
    window.passed(pass);
  }
  return handled;
}

describe('the terminated-run sweep, when the worker clock and the server clock disagree', () => {
  // Runs close between and on passes, in bursts and alone, the last late in the two hours.
  const closes = [1 * MINUTE, 4 * MINUTE + 59_000, 5 * MINUTE, 12 * MINUTE, 12 * MINUTE + 1, 33 * MINUTE, 61 * MINUTE, 95 * MINUTE];

  it.each([
    ['agree', 0],
    ['the worker is an hour ahead', 60 * MINUTE],
    ['the worker is an hour behind', -60 * MINUTE],
    ['the worker is 15 minutes ahead', 15 * MINUTE],
    ['the worker is 25 minutes ahead', 25 * MINUTE],
  ])('R-G7: (%s) every run is handled, none before it has settled, none later than two passes after', (_, skew) => {
    const handled = simulate(skew, closes);
    for (const closedAt of closes) {
      const at = handled.get(closedAt);
      expect(at).toBeDefined();
      // Settled: a reset within SETTLE_MS of the terminate still finds the process open.
      expect(at! - closedAt).toBeGreaterThanOrEqual(SETTLE_MS);
      expect(at! - closedAt).toBeLessThanOrEqual(30_000 + SETTLE_MS + 2 * TERMINATED_RUN_SWEEP_MS);
    }
  });

  it('R-G7: a run whose handling failed is asked for again, whatever lies after it', () => {
    const handled = simulate(25 * MINUTE, closes, new Set([12 * MINUTE, 61 * MINUTE]));
    expect([...handled.keys()].sort((a, b) => a - b)).toEqual(closes);
  });

  it('R-G7: a run visibility lists up to the overlap later than a newer one is still asked for', () => {
    // The first run's record is written 9.5 minutes late; the second closes after it and is listed at once.
    const late = { closedAt: 20 * MINUTE, lag: PASS_OVERLAP_MS - 30_000 };
    const prompt = { closedAt: 20 * MINUTE + 30 * MINUTE - 19 * MINUTE, lag: 1_000 };
    const handled = simulate(0, [late, prompt]);
    expect(handled.has(late.closedAt)).toBe(true);
    expect(handled.has(prompt.closedAt)).toBe(true);
  });

  it('R-G7: the window moves up to a close time only once it was listed the overlap before, and holds at a run still to settle', () => {
    let now = 0;
    const window = sweepWindow({ wall: () => 1_000 * MINUTE, elapsed: () => now });
    const start = window.since().getTime();
    expect(start).toBe(1_000 * MINUTE - FIRST_PASS_LOOKBACK_MS);
    const pass = (latestClose: number | null, unsettledFrom: number | null = null): TerminatedRunsPass => ({ listed: 1, closed: 0, continued: 0, failed: 0, retryFrom: null, unsettled: 0, unsettledFrom, latestClose });
    window.passed(pass(500 * MINUTE));
    expect(window.since().getTime()).toBe(start);
    now += PASS_OVERLAP_MS;
    window.passed(pass(null));
    expect(window.since().getTime()).toBe(500 * MINUTE);
    window.passed(pass(600 * MINUTE, 400 * MINUTE));
    expect(window.since().getTime()).toBe(400 * MINUTE);
    now += PASS_OVERLAP_MS;
    window.passed(pass(null));
    expect(window.since().getTime()).toBe(600 * MINUTE);
    // An earlier close listed later never moves the window back.
    window.passed(pass(405 * MINUTE));
    now += PASS_OVERLAP_MS;
    window.passed(pass(null));
    expect(window.since().getTime()).toBe(600 * MINUTE);
  });

  it('R-G7: the settle delay is counted on the monotonic clock from the pass that first listed the run, not from its close time', () => {
    let elapsed = 0;
    let wall = 0;
    const window = sweepWindow({ wall: () => wall, elapsed: () => elapsed });
    const run: EndedRun = { workflowId: 'account-process-a', runId: 'r1', status: 'TERMINATED', closedAt: -30 * 24 * 60 * MINUTE };
    expect(window.settled(run)).toBe(false);
    // A wall-clock step forward settles nothing.
    wall += 60 * MINUTE;
    expect(window.settled(run)).toBe(false);
    elapsed += SETTLE_MS - 1;
    expect(window.settled(run)).toBe(false);
    elapsed += 1;
    expect(window.settled(run)).toBe(true);
  });
});
