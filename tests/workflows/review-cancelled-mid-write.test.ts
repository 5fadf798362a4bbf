import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ReviewActivities } from '../../activities/review/types';
import { decideReviewUpdate, type ReviewInput } from '../../workflows/review/messages';
import { testWorker, timeSkippingEnvironment } from '../support/time-skipping';

type CloseInput = Parameters<ReviewActivities['closeReview']>[0];

const review = (id: string): ReviewInput => ({
  reviewId: `rev_${id}`,
  processId: `prc_${id}`,
  accountId: `acc_${id}`,
  kind: 'enterprise_remittance',
  materials: { documents: {}, fields: {} },
  rules: ['R-E6.3'],
  slaBusinessDays: 2,
  expiryBusinessDays: 10,
  calendar: { holidays: [], extraWorkingDays: [] },
});

/**
 * A review's writes fail (the database is down) until `recover()`; each failed
 * attempt is counted, so a test knows the write is under way.
 */
function reviewTable(failing: 'createReviewTask' | 'closeReview') {
  let down = true;
  const attempts = { createReviewTask: 0, closeReview: 0 };
  const created: ReviewInput[] = [];
  const closed: CloseInput[] = [];
  const activities: ReviewActivities = {
    async createReviewTask(input) {
      attempts.createReviewTask++;
      if (down && failing === 'createReviewTask') throw new Error('the database is down');
      created.push(input);
    },
    async escalateReview() {},
    async closeReview(input) {
      attempts.closeReview++;
      if (down && failing === 'closeReview') throw new Error('the database is down');
      closed.push(input);
    },
  };
  return { activities, attempts, created, closed, recover: () => (down = false) };
}

const until = async (check: () => boolean | Promise<boolean>) => {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
};

/** The workflow has finished a task since the cancel request reached it: its code has seen the request. */
async function cancelSeen(handle: WorkflowHandle): Promise<boolean> {
  const { events } = await handle.fetchHistory();
  const requested = events!.findIndex((e) => e.workflowExecutionCancelRequestedEventAttributes);
  return requested >= 0 && events!.slice(requested).some((e) => e.workflowTaskCompletedEventAttributes);
}

// The process that asked for a review ends (revoked, expired) and cancels it. A
// cancel that met the review's creation or its final close used to cancel that
// write, leaving the row `pending` in the operators' queue for good.
describe('manualReview: a cancel request meeting one of its writes (R-E6.3, R-G7, time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await timeSkippingEnvironment();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  async function run(table: ReturnType<typeof reviewTable>, id: string, body: (handle: WorkflowHandle) => Promise<void>) {
    const taskQueue = `review-mid-write-${id}-${Date.now()}`;
    const worker = await testWorker(env, taskQueue, table.activities);
    await worker.runUntil(async () => {
      // A local activity retrying holds its workflow task, which heartbeats at 80% of this timeout: that is when the cancel request reaches the code.
      const handle = await env.client.workflow.start('manualReview', { taskQueue, workflowId: `review-rev_${id}-${Date.now()}`, args: [review(id)], workflowTaskTimeout: '2 seconds' });
      try {
        await body(handle);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  }

  it('finishes creating the task, then closes it withdrawn: no pending row is left behind', async () => {
    const table = reviewTable('createReviewTask');
    await run(table, 'create', async (handle) => {
      await until(() => table.attempts.createReviewTask >= 1);
      await handle.cancel();
      await until(() => cancelSeen(handle));
      table.recover();
      await expect(handle.result()).rejects.toThrow();
      expect(table.created).toHaveLength(1);
      expect(table.closed).toEqual([expect.objectContaining({ reviewId: 'rev_create', status: 'withdrawn', actor: 'system', reason: 'the process ended' })]);
    });
  }, 60_000);

  it('records an operator decision taken before the cancel: the row closes approved, not pending', async () => {
    const table = reviewTable('closeReview');
    await run(table, 'decided', async (handle) => {
      await until(() => table.attempts.createReviewTask >= 1);
      const decided = handle
        .executeUpdate(decideReviewUpdate, { args: [{ reviewId: 'rev_decided', decision: 'approve', reason: 'licence matches the registry', operator: 'op-1' }] })
        .catch((error: unknown) => error);
      await until(() => table.attempts.closeReview >= 1);
      await handle.cancel();
      await until(() => cancelSeen(handle));
      table.recover();
      // Either the close lands or the review ends without it.
      await handle.result().catch(() => undefined);
      expect(table.closed).toEqual([expect.objectContaining({ reviewId: 'rev_decided', status: 'approved', actor: 'op-1', via: 'api' })]);
      await decided;
    });
  }, 60_000);
});
