import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { addBusinessDays, addDays, chinaDate, createBusinessCalendar, isoWeekday, type BusinessCalendar } from '../../domain';
import { providerEventSignal } from '../../workflows/individual/messages';
import { enterpriseViewQuery, type EnterpriseVerificationInput, type EnterpriseView } from '../../workflows/enterprise/messages';
import { decideReviewUpdate, reviewViewQuery, reviewWorkflowId, type ReviewDecision, type ReviewOutcome } from '../../workflows/review/messages';
import { ENTERPRISE, REMITTANCE_DETAILS } from '../support/enterprise-fixtures';
import { personOf, fakeEnterpriseActivities } from '../support/fake-activities';
import { queryUntil, runWorkflow, timeSkippingEnvironment } from '../support/time-skipping';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NO_HOLIDAYS: BusinessCalendar = { holidays: [], extraWorkingDays: [] };

/** R-G6: the weekdays two to eight days from now are holidays, so the ten business days reach past them. */
function calendarWithHolidaysAhead(): BusinessCalendar {
  const today = chinaDate(Date.now());
  const ahead = [2, 3, 4, 5, 6, 7, 8].map((days) => addDays(today, days));
  return createBusinessCalendar({ holidays: ahead.filter((day) => isoWeekday(day) <= 5) });
}

/** A remittance as the API starts it now: with the review's final deadline (REVIEW_EXPIRY_BUSINESS_DAYS, 10). */
function input(id: string, overrides: Partial<EnterpriseVerificationInput> = {}): EnterpriseVerificationInput {
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    enterprise: ENTERPRISE,
    method: 'remittance',
    remittance: REMITTANCE_DETAILS,
    durations: { rechargeWindow: '7 days', remittanceAmountWindow: '7 days', qrValidity: '10 minutes', abandonment: '7 days', payoutDeliveryDeadline: '10 days' },
    rechargeAttempts: 2,
    remittanceAttempts: 2,
    faceMaxTries: 2,
    reviewSlaBusinessDays: 2,
    reviewExpiryBusinessDays: 10,
    calendar: NO_HOLIDAYS,
    ...overrides,
  };
}

type Fakes = ReturnType<typeof fakeEnterpriseActivities>;

// Time-skipping: ten business days take milliseconds. Run serially (jest --runInBand).
describe('manualReview: the final deadline of an escalated review (R-G7, time-skipping)', () => {
  // One test server per test: after a refused update the test server stops skipping time.
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await timeSkippingEnvironment();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  const run = <T>(fakes: Fakes, id: string, args: EnterpriseVerificationInput, body: (handle: WorkflowHandle) => Promise<T>) =>
    runWorkflow(env, fakes.activities, 'enterpriseVerification', `wf-review-expiry-${id}-${Date.now()}`, args, body);

  const atStep = (handle: WorkflowHandle, step: EnterpriseView['step']) => queryUntil(handle, enterpriseViewQuery, (view) => view.step === step);

  /** When the step was recorded, in the workflow's clock (the test server skips time, so the test's Date.now() is not it). */
  const stepAt = async (fakes: Fakes, step: string): Promise<number> => {
    for (;;) {
      const recorded = fakes.steps.find((s) => s.step === step);
      if (recorded) return recorded.at;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** Passes the handler's face check (R-E6.2) and returns the review the process then waits on. */
  async function inReview(handle: WorkflowHandle) {
    const face = await atStep(handle, 'awaiting_handler_face');
    const ticket = face.qrCode!.ticket;
    await handle.signal(providerEventSignal, { provider: 'face', eventId: `face-${ticket}`, ticket, type: 'passed', person: personOf(ticket) });
    const view = await atStep(handle, 'in_review');
    return env.client.workflow.getHandle(reviewWorkflowId(view.remittance!.reviewId!));
  }

  const approve = { decision: 'approve' as const, reason: 'licence and ID photos are clear and match', operator: 'op-1', via: 'api' as const };
  /** The decision as the API sends it: naming the review it is for. */
  const decideOn = (review: WorkflowHandle, decision: Omit<ReviewDecision, 'reviewId'>) =>
    review.executeUpdate(decideReviewUpdate, { args: [{ ...decision, reviewId: review.workflowId.replace(/^review-/, '') }] });

  /** Skips the test server's clock to `at` (workflow time). */
  const sleepUntil = async (at: number) => env.sleep(Math.max(at - (await env.currentTimeMs()), 1));

  it('R-G7, R-E6.3, R-G6: an escalated review nobody decides closes expired at its final deadline, 10 business days on the calendar, and the remittance fails review_expired', async () => {
    const fakes = fakeEnterpriseActivities();
    const args = input('expired', { calendar: calendarWithHolidaysAhead() });
    const { view, outcome, expiresAt, lateDecision } = await run(fakes, 'expired', args, async (handle) => {
      const review = await inReview(handle);
      const created = fakes.reviews[0]!;
      const submittedAt = await stepAt(fakes, 'in_review');
      // Counted like the SLA: business days on the same calendar, so the holidays push it out.
      expect(created.expiresAt).toBe(addBusinessDays(submittedAt, 10, args.calendar!));
      expect(created.expiresAt!).toBeGreaterThan(addBusinessDays(submittedAt, 10, NO_HOLIDAYS));
      expect((await review.query(reviewViewQuery)).expiresAt).toBe(created.expiresAt);

      await sleepUntil(created.dueAt + HOUR);
      expect(fakes.escalations).toEqual([expect.objectContaining({ reviewId: created.reviewId, dueAt: created.dueAt })]);
      // An hour before the final deadline: escalated, still waiting for an operator.
      await sleepUntil(created.expiresAt! - HOUR);
      expect(await review.query(reviewViewQuery)).toMatchObject({ status: 'pending', escalated: true });
      expect((await handle.query(enterpriseViewQuery)).step).toBe('in_review');
      expect(fakes.closedReviews).toEqual([]);

      const view = (await handle.result()) as EnterpriseView;
      const outcome = (await review.result()) as ReviewOutcome;
      // Closed: a decision sent now reaches nothing.
      const lateDecision = await decideOn(review, approve).then(
        () => 'accepted',
        () => 'refused',
      );
      return { view, outcome, expiresAt: created.expiresAt!, lateDecision };
    });
    expect(outcome).toEqual({ outcome: 'expired' });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'review_expired' });
    expect(fakes.closedReviews).toEqual([expect.objectContaining({ status: 'expired', actor: 'system', reason: expect.stringMatching(/final deadline/) })]);
    const closedAt = fakes.closedReviews[0]!.at;
    expect(closedAt).toBeGreaterThanOrEqual(expiresAt);
    expect(closedAt).toBeLessThan(expiresAt + HOUR);
    // Never approved by the clock: no payout, no completion; the holder is told why (R-G5).
    expect(fakes.payouts).toEqual([]);
    expect(fakes.completions).toEqual([]);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'review_expired' })]);
    expect(fakes.steps.at(-1)).toMatchObject({ step: 'failed', failureReason: 'review_expired' });
    expect(lateDecision).toBe('refused');
  });

  it('R-G7, R-E6.3: a decision a minute before the final deadline still counts: approved, the payout is sent and nothing expires after', async () => {
    const fakes = fakeEnterpriseActivities();
    await run(fakes, 'decided-in-time', input('decided-in-time'), async (handle) => {
      const review = await inReview(handle);
      const created = fakes.reviews[0]!;
      await sleepUntil(created.expiresAt! - 60_000);
      expect(await review.query(reviewViewQuery)).toMatchObject({ status: 'pending', escalated: true });
      expect((await decideOn(review, approve)).status).toBe('approved');
      await atStep(handle, 'awaiting_amount');
      // Queried, not awaited: awaiting a result would let the server skip through the amount window too.
      expect((await review.query(reviewViewQuery)).status).toBe('approved');
      // Past the deadline the decision stands: the process still waits for the amount.
      await env.sleep(2 * HOUR);
      expect(await handle.query(enterpriseViewQuery)).toMatchObject({ status: 'open', step: 'awaiting_amount', failureReason: null });
    });
    expect(fakes.closedReviews).toEqual([expect.objectContaining({ status: 'approved', actor: 'op-1', via: 'api' })]);
    expect(fakes.payouts).toHaveLength(1);
    expect(fakes.notifications.map((n) => n.outcome)).toEqual(['review_approved']);
  });

  it('R-G7: a review started without a final deadline (a process started before there was one) never expires: still waiting 60 days on, an operator still decides it', async () => {
    const fakes = fakeEnterpriseActivities();
    const { reviewExpiryBusinessDays: _none, ...before } = input('no-expiry');
    await run(fakes, 'no-expiry', before, async (handle) => {
      const review = await inReview(handle);
      const created = fakes.reviews[0]!;
      expect(created).not.toHaveProperty('expiryBusinessDays');
      expect(created).not.toHaveProperty('expiresAt');
      await env.sleep(60 * DAY);
      const waiting = await review.query(reviewViewQuery);
      expect(waiting).toMatchObject({ status: 'pending', escalated: true });
      expect(waiting).not.toHaveProperty('expiresAt');
      expect((await handle.query(enterpriseViewQuery)).step).toBe('in_review');
      expect(fakes.closedReviews).toEqual([]);
      expect((await decideOn(review, approve)).status).toBe('approved');
      await atStep(handle, 'awaiting_amount');
    });
    expect(fakes.escalations).toHaveLength(1);
    expect(fakes.closedReviews).toEqual([expect.objectContaining({ status: 'approved', actor: 'op-1' })]);
  });
});
