import type { Client } from '@temporalio/client';
import { createLogger } from '../../config/logger';
import type { Database } from '../../prisma/client';
import { endedRunsQuery } from '../../activities/terminated-runs';
import { FIRST_PASS_LOOKBACK_MS, PASS_OVERLAP_MS, SETTLE_MS, startTerminatedRunSweep } from '../../worker/terminated-run-sweep';
import { NOTICE_DEFAULTS } from '../../config';

// R-G7: the sweep's window. Each pass asks visibility from where the last
// successful pass began (less an overlap for visibility's lag); a failed pass
// moves nothing, so no run terminated meanwhile is missed.
describe('the terminated-run sweep, pass after pass', () => {
  it('R-G7: looks back a month first, then from the last successful pass less the overlap; a failed pass keeps its window', async () => {
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
    const untilOf = (query: string) => Date.parse(/CloseTime < '([^']+)'/.exec(query)![1]!);
    const until = async (count: number) => {
      while (queries.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await until(2);
    fail = true;
    await until(4);
    await stop();

    expect(sinceOf(queries[0]!)).toBeGreaterThanOrEqual(before - FIRST_PASS_LOOKBACK_MS - 1);
    expect(sinceOf(queries[0]!)).toBeLessThanOrEqual(Date.now() - FIRST_PASS_LOOKBACK_MS);
    // Each window ends SETTLE_MS ago; the second begins where the first ended, less the overlap.
    expect(untilOf(queries[0]!)).toBeGreaterThanOrEqual(before - SETTLE_MS);
    expect(sinceOf(queries[1]!)).toBe(untilOf(queries[0]!) - PASS_OVERLAP_MS);
    // The fourth pass asks what the failed third asked.
    expect(sinceOf(queries[3]!)).toBe(sinceOf(queries[2]!));
  });

  it('R-G7: asks only for process workflows ended from outside, by close time in UTC', () => {
    const query = endedRunsQuery(new Date(Date.UTC(2026, 11, 3, 12, 0, 0)), new Date(Date.UTC(2026, 11, 3, 12, 5, 0)));
    expect(query).toBe(
      "ExecutionStatus IN ('Terminated', 'TimedOut') AND WorkflowType IN ('individualVerification', 'enterpriseVerification', 'subjectChange') " +
        "AND CloseTime >= '2026-12-03T12:00:00.000Z' AND CloseTime < '2026-12-03T12:05:00.000Z'",
    );
  });
});
