import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { EnterpriseActivities } from '../../activities/enterprise/types';
import { addBusinessDays, addDays, chinaDate, endOfChinaDay, isoWeekday, type BusinessCalendar } from '../../domain';
import { providerEventSignal } from '../../workflows/individual/messages';
import {
  enterpriseViewQuery,
  payoutDeliveredSignal,
  submitRemittanceAmountUpdate,
  type EnterpriseVerificationInput,
  type EnterpriseView,
} from '../../workflows/enterprise/messages';
import { decideReviewUpdate, reviewWorkflowId } from '../../workflows/review/messages';
import { ENTERPRISE, REMITTANCE_DETAILS } from '../support/enterprise-fixtures';
import { personOf, fakeEnterpriseActivities } from '../support/fake-activities';
import { HANDOVER_TASK_TIMEOUT, queryUntil, runWorkflow, testWorker, timeSkippingEnvironment } from '../support/time-skipping';
import { ENTRY_STAMP_MAX_AGE_MS } from '../../workflows/enterprise/messages';

const SECOND = 1000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A remittance as the API starts it now: the window from the reported arrival, the overdue point, the delivery deadline. */
function input(id: string, overrides: Partial<EnterpriseVerificationInput> = {}): EnterpriseVerificationInput {
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    enterprise: ENTERPRISE,
    method: 'remittance',
    remittance: REMITTANCE_DETAILS,
    durations: {
      rechargeWindow: '7 days',
      remittanceAmountWindow: '7 days',
      qrValidity: '10 minutes',
      abandonment: '7 days',
      abandonmentRenewedByReviewsOnly: true,
      payoutDeliveryDeadline: '10 days',
      amountWindowFromReportedArrival: true,
    },
    rechargeAttempts: 2,
    remittanceAttempts: 2,
    faceMaxTries: 2,
    reviewSlaBusinessDays: 2,
    reviewExpiryBusinessDays: 10,
    payoutOverdueBusinessDays: 3,
    calendar: { holidays: [], extraWorkingDays: [] },
    ...overrides,
  };
}

type Fakes = ReturnType<typeof fakeEnterpriseActivities>;

// Time-skipping: 7-day windows and business-day deadlines take milliseconds. Run serially (jest --runInBand).
describe('remittance payout: the window from the reported arrival (R-E6.5), overdue delivery (R-E6.4, R-G6), its deadline (R-G7)', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await timeSkippingEnvironment();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  const run = <T>(fakes: Fakes, id: string, args: EnterpriseVerificationInput, body: (handle: WorkflowHandle) => Promise<T>) =>
    runWorkflow(env, fakes.activities, 'enterpriseVerification', `wf-payout-${id}-${Date.now()}`, args, body);

  const viewWhen = (handle: WorkflowHandle, check: (view: EnterpriseView) => boolean) => queryUntil(handle, enterpriseViewQuery, check);
  const atStep = (handle: WorkflowHandle, step: EnterpriseView['step']) => viewWhen(handle, (view) => view.step === step);

  /** When the workflow recorded a step: the test server skips time, so the test's own clock is not the workflow's. */
  const stepAt = async (fakes: Fakes, step: string): Promise<number> => {
    for (;;) {
      const recorded = fakes.steps.find((s) => s.step === step);
      if (recorded) return recorded.at;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** Handler face passed, review approved: the payout is sent and the bank has not reported it yet. Returns when it was sent. */
  /** The handler's face passes and an operator approves the review. */
  async function approved(handle: WorkflowHandle): Promise<void> {
    const face = await atStep(handle, 'awaiting_handler_face');
    const ticket = face.qrCode!.ticket;
    await handle.signal(providerEventSignal, { provider: 'face', eventId: `face-${ticket}`, ticket, type: 'passed', person: personOf(ticket) });
    const inReview = await atStep(handle, 'in_review');
    const reviewId = inReview.remittance!.reviewId!;
    await env.client.workflow
      .getHandle(reviewWorkflowId(reviewId))
      .executeUpdate(decideReviewUpdate, { args: [{ reviewId, decision: 'approve', reason: 'licence and ID photos are clear', operator: 'op-1', via: 'api' }] });
  }

  async function payoutSent(fakes: Fakes, handle: WorkflowHandle): Promise<number> {
    await approved(handle);
    await atStep(handle, 'awaiting_payout_delivery');
    return (await handle.query(enterpriseViewQuery)).remittance!.payoutSentAt!;
  }

  /** The workflow's PayoutOverdue search attribute, once it is `expected` or after 10 s of asking. */
  async function payoutOverdueAttribute(handle: WorkflowHandle, expected: boolean): Promise<unknown> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value: unknown = (await handle.describe()).typedSearchAttributes.get({ name: 'PayoutOverdue', type: 'BOOL' } as never);
      if (value === expected || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const deliver = (fakes: Fakes, handle: WorkflowHandle, deliveredAt: number, eventId = 'bank-1') =>
    handle.signal(payoutDeliveredSignal, { eventId, idempotencyKey: fakes.payouts[0]!.idempotencyKey, deliveredAt });

  it('R-E7: an enterprise already at its limit gets no handler face check, no review and no payout: the process fails enterprise_limit_reached', async () => {
    const fakes = fakeEnterpriseActivities({ atLimit: true });
    const view = await run(fakes, 'at-limit', input('at-limit'), async (handle) => (await handle.result()) as EnterpriseView);
    expect(view).toMatchObject({ status: 'failed', failureReason: 'enterprise_limit_reached' });
    expect(fakes.issued).toEqual([]);
    expect(fakes.reviews).toEqual([]);
    expect(fakes.payouts).toEqual([]);
    // Only the enterprise's name and code are sent to be counted.
    expect(fakes.limitChecks).toEqual([{ accountId: 'acc_at-limit', enterprise: { name: ENTERPRISE.name, creditCode: ENTERPRISE.creditCode } }]);
    expect(fakes.notifications.map((n) => [n.outcome, n.reason])).toEqual([['failed', 'enterprise_limit_reached']]);
  });

  it('R-E7, R-E6.4: an enterprise that reached its limit during the review is sent no payout once approved, and is not told of the approval', async () => {
    const fakes = fakeEnterpriseActivities({ atLimit: [false, true] });
    const view = await run(fakes, 'limit-in-review', input('limit-in-review'), async (handle) => {
      await approved(handle);
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'enterprise_limit_reached' });
    expect(view.remittance!.payoutSentAt).toBeNull();
    expect(fakes.payouts).toEqual([]);
    expect(fakes.limitChecks).toHaveLength(2);
    expect(fakes.notifications.map((n) => [n.outcome, n.reason])).toEqual([['failed', 'enterprise_limit_reached']]);
  });

  it('R-E6.5: the 7-day window runs from the arrival the bank reports, not from when its report came', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const { view, awaiting, arrivedAt } = await run(fakes, 'window', input('window'), async (handle) => {
      const sentAt = await payoutSent(fakes, handle);
      // The money arrived a day after the payout; the bank reports it two days later still.
      await env.sleep(3 * DAY);
      const arrivedAt = sentAt + DAY;
      await deliver(fakes, handle, arrivedAt);
      const awaiting = await atStep(handle, 'awaiting_amount');
      // An hour before the window ends (counted from the arrival) the process still waits; just after, it has failed.
      await env.sleep(arrivedAt + 7 * DAY - HOUR - (await env.currentTimeMs()));
      expect((await handle.query(enterpriseViewQuery)).status).toBe('open');
      await env.sleep(2 * HOUR);
      return { view: (await handle.result()) as EnterpriseView, awaiting, arrivedAt };
    });
    expect(awaiting.remittance).toMatchObject({ deliveredAt: arrivedAt, amountDeadline: arrivedAt + 7 * DAY });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'remittance_expired' });
    // Five days after the report (eight after the arrival, less the three the report took), not seven.
    expect((await stepAt(fakes, 'failed')) - (await stepAt(fakes, 'awaiting_amount'))).toBeLessThanOrEqual(5 * DAY);
  });

  it('R-E6.5: a right amount entered within the window from the reported arrival verifies; the report did not extend it', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const view = await run(fakes, 'window-ok', input('window-ok'), async (handle) => {
      const sentAt = await payoutSent(fakes, handle);
      await env.sleep(2 * DAY);
      await deliver(fakes, handle, sentAt + HOUR);
      const awaiting = await atStep(handle, 'awaiting_amount');
      expect(awaiting.remittance!.amountDeadline).toBe(sentAt + HOUR + 7 * DAY);
      await env.sleep(4 * DAY);
      expect(await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: fakes.payouts[0]!.amountFen }] })).toEqual({ correct: true, attemptsLeft: 2 });
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'verified', method: 'remittance' });
  });

  it('R-E6.5: a report that comes after the window from the reported arrival has ended fails the process at once (remittance_expired)', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const { view, reportedAt } = await run(fakes, 'late', input('late'), async (handle) => {
      const sentAt = await payoutSent(fakes, handle);
      // The bank retried for eight days before its report got through; the money arrived an hour after sending.
      await env.sleep(8 * DAY);
      const reportedAt = await env.currentTimeMs();
      await deliver(fakes, handle, sentAt + HOUR);
      return { view: (await handle.result()) as EnterpriseView, reportedAt };
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'remittance_expired' });
    expect(view.failureDetail).toMatch(/R-E6\.5/);
    // At once: no amount was ever awaited, and the failure came with the report.
    expect(fakes.steps.map((s) => s.step)).not.toContain('awaiting_amount');
    expect((await stepAt(fakes, 'failed')) - reportedAt).toBeLessThan(HOUR);
    expect(fakes.notifications.at(-1)).toMatchObject({ outcome: 'failed', reason: 'remittance_expired' });
  });

  it('R-E6.4, R-G6: unreported 3 business days after sending (across a weekend and a holiday) operators are alerted and the holder told; delivery still completes it', async () => {
    // Sent on a Thursday at 10:00 China time; the Monday after is a holiday.
    const now = await env.currentTimeMs();
    let thursday = addDays(chinaDate(now), 1);
    while (isoWeekday(thursday) !== 4) thursday = addDays(thursday, 1);
    await env.sleep(Date.parse(`${thursday}T10:00:00+08:00`) - now);
    const holiday = addDays(thursday, 4);
    const calendar: BusinessCalendar = { holidays: [holiday], extraWorkingDays: [] };
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const { view, overdue, sentAt } = await run(fakes, 'overdue', input('overdue', { calendar }), async (handle) => {
      const sentAt = await payoutSent(fakes, handle);
      // Friday, (Saturday, Sunday, the Monday holiday), Tuesday, Wednesday: due as Wednesday ends.
      const dueAt = endOfChinaDay(addDays(thursday, 6));
      expect(addBusinessDays(sentAt, 3, calendar)).toBe(dueAt);
      expect((await handle.query(enterpriseViewQuery)).remittance).toMatchObject({ deliveryDueAt: dueAt, deliveryDeadline: sentAt + 10 * DAY });
      await env.sleep(dueAt - HOUR - (await env.currentTimeMs()));
      expect(fakes.overduePayouts).toEqual([]);
      expect((await handle.query(enterpriseViewQuery)).step).toBe('awaiting_payout_delivery');
      await env.sleep(2 * HOUR);
      const overdue = await atStep(handle, 'payout_overdue');
      // The search attribute is upserted with the workflow task that flagged it, which may still be completing.
      expect(await payoutOverdueAttribute(handle, true)).toBe(true);
      // The process stays open, waiting for the bank.
      await env.sleep(2 * DAY);
      expect((await handle.query(enterpriseViewQuery)).status).toBe('open');
      await deliver(fakes, handle, (await env.currentTimeMs()) - HOUR);
      await atStep(handle, 'awaiting_amount');
      expect(await payoutOverdueAttribute(handle, false)).toBe(false);
      await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: fakes.payouts[0]!.amountFen }] });
      return { view: (await handle.result()) as EnterpriseView, overdue, sentAt };
    });
    const dueAt = endOfChinaDay(addDays(thursday, 6));
    expect(overdue.remittance!.payoutOverdueSince).toBeGreaterThanOrEqual(dueAt);
    expect(overdue.remittance!.payoutOverdueSince).toBeLessThan(dueAt + 60_000);
    expect(fakes.overduePayouts).toEqual([
      { processId: 'prc_overdue', accountId: 'acc_overdue', idempotencyKey: fakes.payouts[0]!.idempotencyKey, sentAt, dueAt, deadline: sentAt + 10 * DAY },
    ]);
    // The holder is told through the outbox, once, keyed by the payout.
    expect(fakes.notifications.filter((n) => n.outcome === 'payout_overdue')).toEqual([
      { processId: 'prc_overdue', accountId: 'acc_overdue', outcome: 'payout_overdue', occurrence: fakes.payouts[0]!.idempotencyKey },
    ]);
    expect(fakes.steps.map((s) => s.step)).toEqual(['awaiting_handler_face', 'in_review', 'awaiting_payout_delivery', 'payout_overdue', 'awaiting_amount', 'verified']);
    expect(view).toMatchObject({ status: 'verified' });
  });

  it('R-E6.4, R-G7: an overdue payout never reported fails the process payout_not_delivered at its deadline, alerted once', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const view = await run(fakes, 'never', input('never'), async (handle) => {
      await payoutSent(fakes, handle);
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'payout_not_delivered' });
    expect(fakes.overduePayouts).toHaveLength(1);
    const sent = await stepAt(fakes, 'awaiting_payout_delivery');
    const waited = (await stepAt(fakes, 'failed')) - sent;
    expect(waited).toBeGreaterThanOrEqual(10 * DAY);
    expect(waited).toBeLessThan(10 * DAY + 60_000);
    expect(fakes.notifications.map((n) => n.outcome)).toEqual(['review_approved', 'payout_overdue', 'failed']);
  });

  it('R-E6.4, R-G7: when 3 business days outlast PAYOUT_DELIVERY_DEADLINE (a holiday week), the deadline moves past the overdue point by the margin: alerted first, then failed', async () => {
    // Sent on a Thursday at 10:00 China time; the Friday and the whole next week, and the Monday after, are holidays.
    const now = await env.currentTimeMs();
    let thursday = addDays(chinaDate(now), 1);
    while (isoWeekday(thursday) !== 4) thursday = addDays(thursday, 1);
    await env.sleep(Date.parse(`${thursday}T10:00:00+08:00`) - now);
    const calendar: BusinessCalendar = { holidays: [1, 4, 5, 6, 7, 8, 11].map((offset) => addDays(thursday, offset)), extraWorkingDays: [] };
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const view = await run(fakes, 'holiday-week', input('holiday-week', { calendar, payoutDeliveryMarginBusinessDays: 2 }), async (handle) => {
      const sentAt = await payoutSent(fakes, handle);
      // Tuesday, Wednesday, Thursday two weeks on: due 14 days after sending, past the plain 10 days.
      const dueAt = endOfChinaDay(addDays(thursday, 14));
      // Then Friday and Monday: the margin of 2 business days.
      const failsAt = endOfChinaDay(addDays(thursday, 18));
      expect(sentAt + 10 * DAY).toBeLessThan(dueAt);
      expect((await handle.query(enterpriseViewQuery)).remittance).toMatchObject({ deliveryDueAt: dueAt, deliveryDeadline: failsAt });
      await env.sleep(dueAt + HOUR - (await env.currentTimeMs()));
      await atStep(handle, 'payout_overdue');
      expect(fakes.overduePayouts).toEqual([{ processId: 'prc_holiday-week', accountId: 'acc_holiday-week', idempotencyKey: fakes.payouts[0]!.idempotencyKey, sentAt, dueAt, deadline: failsAt }]);
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'payout_not_delivered' });
    const failedAt = await stepAt(fakes, 'failed');
    expect(failedAt).toBeGreaterThanOrEqual(endOfChinaDay(addDays(thursday, 18)));
    expect(failedAt).toBeLessThan(endOfChinaDay(addDays(thursday, 18)) + 60_000);
    expect(fakes.notifications.map((n) => n.outcome)).toEqual(['review_approved', 'payout_overdue', 'failed']);
  });

  it('R-E6.4, R-G7: a process started before the margin (no payoutDeliveryMarginBusinessDays) keeps its plain deadline', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const view = await run(fakes, 'no-margin', input('no-margin'), async (handle) => {
      const sentAt = await payoutSent(fakes, handle);
      expect((await handle.query(enterpriseViewQuery)).remittance!.deliveryDeadline).toBe(sentAt + 10 * DAY);
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'payout_not_delivered' });
  });

  it('R-E6.5: a payout the bank confirms in its answer opens the window from the time it reported', async () => {
    const fakes = fakeEnterpriseActivities();
    await run(fakes, 'instant', input('instant'), async (handle) => {
      await approved(handle);
      const awaiting = await atStep(handle, 'awaiting_amount');
      expect(awaiting.remittance!.deliveredAt).not.toBeNull();
      expect(awaiting.remittance!.deliveredAt!).toBeLessThanOrEqual(awaiting.remittance!.payoutSentAt!);
      expect(awaiting.remittance!.amountDeadline).toBe(awaiting.remittance!.deliveredAt! + 7 * DAY);
      expect(fakes.overduePayouts).toEqual([]);
    });
  });
  /**
   * Like `run`, with the amount's check taking `checkMs` of real time (a slow
   * database) where the workflow task times out after 2 seconds: the worker
   * completes the task at its heartbeat (80% of that) while the check still
   * runs, so the deadline's timer can fire in the next task, before the verdict.
   */
  async function runWithSlowCheck<T>(fakes: Fakes, id: string, args: EnterpriseVerificationInput, checkMs: number, body: (handle: WorkflowHandle) => Promise<T>): Promise<T> {
    const activities: EnterpriseActivities = {
      ...fakes.activities,
      async checkPayoutAmount(entry) {
        await new Promise((resolve) => setTimeout(resolve, checkMs));
        return fakes.activities.checkPayoutAmount(entry);
      },
    };
    const taskQueue = `slow-check-${Math.random().toString(36).slice(2)}`;
    const worker = await testWorker(env, taskQueue, activities);
    return worker.runUntil(async () => {
      const workflowId = `wf-payout-${id}-${Date.now()}`;
      const handle = await env.client.workflow.start('enterpriseVerification', { taskQueue, workflowId, args: [args], workflowTaskTimeout: '2 seconds' });
      try {
        return await body(handle);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  }

  /** The payout reported as arrived now; the holder enters `amountFen` a second before the window ends, and its check outlasts the window. */
  async function entryAtTheDeadline(fakes: Fakes, handle: WorkflowHandle, amountFen: (payoutFen: number) => number) {
    await payoutSent(fakes, handle);
    await deliver(fakes, handle, await env.currentTimeMs());
    const deadline = (await atStep(handle, 'awaiting_amount')).remittance!.amountDeadline!;
    await env.sleep(deadline - SECOND - (await env.currentTimeMs()));
    const answer = await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: amountFen(fakes.payouts[0]!.amountFen) }] });
    const view = (await handle.result()) as EnterpriseView;
    // The case under test: the deadline's timer fired after the entry was accepted and before it was answered.
    const events = (await handle.fetchHistory()).events ?? [];
    const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    const fired = events.map((e) => Boolean(e.timerFiredEventAttributes)).lastIndexOf(true);
    const answered = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    expect(accepted < fired && fired < answered).toBe(true);
    return { answer, view, deadline };
  }

  const wrong = (payoutFen: number) => (payoutFen % 99) + 1;

  it('R-E6.5: a right amount entered before the window ends verifies, though its check ends after it: the answer and the outcome agree', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const { answer, view, deadline } = await runWithSlowCheck(fakes, 'late-check-right', input('late-check-right'), 4 * SECOND, (handle) =>
      entryAtTheDeadline(fakes, handle, (payoutFen) => payoutFen),
    );
    expect(answer).toEqual({ correct: true, attemptsLeft: 2 });
    expect(view).toMatchObject({ status: 'verified', method: 'remittance' });
    // The deadline had passed when the verdict came, and did not fail the process.
    expect(await stepAt(fakes, 'verified')).toBeGreaterThanOrEqual(deadline);
    expect(fakes.steps.map((s) => s.step)).not.toContain('failed');
    expect(fakes.notifications.map((n) => n.outcome)).not.toContain('failed');
  });

  it('R-E6.5: a wrong amount entered before the window ends counts as an attempt; with attempts left, the window being over, the process fails remittance_expired', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const { answer, view, deadline } = await runWithSlowCheck(fakes, 'late-check-wrong', input('late-check-wrong'), 4 * SECOND, (handle) => entryAtTheDeadline(fakes, handle, wrong));
    // The window being over, no entry is left to make: the answer does not invite another.
    expect(answer).toEqual({ correct: false, attemptsLeft: 0 });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'remittance_expired', remittance: { attemptsLeft: 0 } });
    expect(fakes.steps.map((s) => s.step).slice(-3)).toEqual(['awaiting_amount', 'amount_wrong', 'failed']);
    expect(await stepAt(fakes, 'amount_wrong')).toBeGreaterThanOrEqual(deadline);
    expect(fakes.notifications.at(-1)).toMatchObject({ outcome: 'failed', reason: 'remittance_expired' });
  });

  it('R-E6.5: the last attempt, wrong, entered before the window ends fails the process remittance_attempts_exhausted, as it answers', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const { answer, view } = await runWithSlowCheck(fakes, 'late-check-last', input('late-check-last', { remittanceAttempts: 1 }), 4 * SECOND, (handle) =>
      entryAtTheDeadline(fakes, handle, wrong),
    );
    expect(answer).toEqual({ correct: false, attemptsLeft: 0 });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'remittance_attempts_exhausted' });
    expect(fakes.notifications.at(-1)).toMatchObject({ outcome: 'failed', reason: 'remittance_attempts_exhausted' });
  });


  /**
   * A worker outage across the deadline, and an entry of the right amount reaching the process after it, stamped
   * `stampedBefore` ms before the deadline, or with no stamp (as only an update sent around the API would be).
   */
  async function entryAcrossOutage(id: string, stampedBefore: number | null) {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const taskQueue = `stamped-entry-${Math.random().toString(36).slice(2)}`;
    const handle = await env.client.workflow.start('enterpriseVerification', { taskQueue, workflowId: `wf-payout-${id}-${Date.now()}`, args: [input(id)] , workflowTaskTimeout: HANDOVER_TASK_TIMEOUT });
    try {
      const deadline = await (await testWorker(env, taskQueue, fakes.activities, { maxCachedWorkflows: 0 })).runUntil(async () => {
        await payoutSent(fakes, handle);
        await deliver(fakes, handle, await env.currentTimeMs());
        return (await atStep(handle, 'awaiting_amount')).remittance!.amountDeadline!;
      });
      await env.sleep(deadline + SECOND - (await env.currentTimeMs()));
      const stamp = stampedBefore === null ? {} : { enteredAt: deadline - stampedBefore };
      const entry = handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: fakes.payouts[0]!.amountFen, ...stamp }] }).then(
        (answer) => ({ answer, refusal: null }),
        (error: { cause?: { type?: string; message?: string } }) => ({ answer: null, refusal: error.cause }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ended = await (await testWorker(env, taskQueue, fakes.activities)).runUntil(async () => ({ outcome: await entry, view: (await handle.result()) as EnterpriseView }));
      return { ...ended, deadline, steps: fakes.steps.map((s) => s.step) };
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  }

  it('R-E6.5: an entry that reaches the workflow after the deadline (a worker down across it) with no stamp of when the API took it is refused AmountWindowClosed, right or not, and the process fails remittance_expired', async () => {
    const { outcome, view, deadline, steps } = await entryAcrossOutage('late-entry', null);
    expect(outcome.answer).toBeNull();
    expect(outcome.refusal).toMatchObject({ type: 'AmountWindowClosed', message: expect.stringContaining(new Date(deadline).toISOString()) });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'remittance_expired' });
    expect(steps).not.toContain('verified');
    expect(steps).not.toContain('amount_wrong');
  });

  it('R-E6.5: an entry the API took a minute before the deadline counts though a worker outage brings it to the process after: it is judged and verifies', async () => {
    const { outcome, view } = await entryAcrossOutage('stamped-in-time', 60 * SECOND);
    expect(outcome).toMatchObject({ answer: { correct: true }, refusal: null });
    expect(view).toMatchObject({ status: 'verified' });
  });

  it('R-E6.5: a stamp older than the API can wait for a worker (ENTRY_STAMP_MAX_AGE_MS) does not count: no stamp reopens a closed window', async () => {
    const { outcome, view } = await entryAcrossOutage('stamped-stale', ENTRY_STAMP_MAX_AGE_MS);
    expect(outcome).toMatchObject({ answer: null, refusal: { type: 'AmountWindowClosed' } });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'remittance_expired' });
  });
});
