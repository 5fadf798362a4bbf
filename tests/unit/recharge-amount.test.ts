import { MockActivityEnvironment } from '@temporalio/testing';
import { capabilityKey, createCapabilityActivities } from '../../activities/capabilities';
import { SMALL_AMOUNT_MAX_FEN, SMALL_AMOUNT_MIN_FEN } from '../../domain';

// R-E5: the recharge amount is drawn once. The draw is a local activity whose
// result is recorded only when its workflow task completes; a worker lost after
// the amount was shown (and written by the next local activity) runs the task
// again, and with it the draw. The amount is made from the call's identity
// under the worker's key, so the second run draws what the holder was shown.
const drawn = (key: Buffer, identity: { workflowId: string; runId: string; activityId: string }): Promise<number> =>
  new MockActivityEnvironment({ workflowExecution: { workflowId: identity.workflowId, runId: identity.runId }, activityId: identity.activityId })
    .run(createCapabilityActivities(key).drawSmallAmount)
    .then((result) => (result as { amountFen: number }).amountFen);

describe('R-E5: the recharge amount', () => {
  const key = capabilityKey('a capability secret of the test');
  const call = { workflowId: 'account-process-acc_1', runId: 'run-1', activityId: '3' };

  it('is the same when the same call runs again (a retried workflow task, another worker)', async () => {
    const first = await drawn(key, call);
    for (let again = 0; again < 5; again++) expect(await drawn(key, call)).toBe(first);
  });

  it('is integer fen from 1 to 99, every value reached, none favoured much, across calls and processes', async () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 9_900; i++) {
      const amount = await drawn(key, { workflowId: `account-process-acc_${i % 97}`, runId: `run-${i}`, activityId: String(i % 7) });
      expect(Number.isInteger(amount)).toBe(true);
      expect(amount).toBeGreaterThanOrEqual(SMALL_AMOUNT_MIN_FEN);
      expect(amount).toBeLessThanOrEqual(SMALL_AMOUNT_MAX_FEN);
      counts.set(amount, (counts.get(amount) ?? 0) + 1);
    }
    expect(counts.size).toBe(99);
    // 100 expected per value; 40 and 160 are more than six standard deviations away.
    expect(Math.min(...counts.values())).toBeGreaterThan(40);
    expect(Math.max(...counts.values())).toBeLessThan(160);
  });

  it('cannot be told from the call without the key: another key draws otherwise', async () => {
    const other = capabilityKey('another secret');
    const calls = Array.from({ length: 50 }, (_, i) => ({ ...call, activityId: String(i) }));
    const ours = await Promise.all(calls.map((c) => drawn(key, c)));
    const theirs = await Promise.all(calls.map((c) => drawn(other, c)));
    expect(ours.filter((amount, i) => amount === theirs[i]!).length).toBeLessThan(10);
  });

  it('differs between two draws of one process (a second recharge window) as between processes', async () => {
    const amounts = await Promise.all(Array.from({ length: 30 }, (_, i) => drawn(key, { ...call, activityId: String(i + 1) })));
    expect(new Set(amounts).size).toBeGreaterThan(15);
  });
});
