import { condition, patched, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { EnterpriseActivities } from '../../activities/enterprise/types';
import { addBusinessDays, payoutDeadlines, type BusinessCalendar } from '../../domain';
import { calendarOf } from '../calendar-of';
import { drawAmount, newReviewId } from '../capabilities';
import { proxyLocalProcessActivities } from '../local-activities';
import { ACTIVITY_OPTIONS } from '../activity-options';
import { durationMs } from '../duration';
import { withdrawReviewSignal, type ReviewOutcome } from '../review/messages';
import { startReview } from '../review/start';
import { codeCheck } from './code-check';
import { mainlandPerson } from '../person';
import { PayoutOverdue } from '../search-attributes';
import { choose, done, type MethodResult, type ProcessContext } from './context';
import { ENTRY_STAMP_MAX_AGE_MS, type PayoutDelivery, type RemittanceDetails, type RemittanceView } from './messages';
import { payoutRefusalOf } from './payout-refusal';

// R-E6.4: an attempt whose worker died is only retried once its timeout passes,
// and the bank answers in well under a second: a short timeout brings the
// retry (deduplicated by the idempotency key) soon after a crash.
const { sendPayout } = proxyActivities<Pick<EnterpriseActivities, 'sendPayout'>>({ ...ACTIVITY_OPTIONS, startToCloseTimeout: '10 seconds' });
const limitActivities = proxyActivities<Pick<EnterpriseActivities, 'enterpriseAtLimit'>>(ACTIVITY_OPTIONS);
export const LIMIT_BEFORE_PAYOUT_PATCH = 'limit-before-payout';

/**
 * R-E7: whether the enterprise already verifies as many other accounts as it
 * may (only its name and code are sent). Processes started before this check
 * ran the remittance and sent the payout, and replay so; the completion's
 * locked count stays the authority.
 */
async function atLimit(ctx: ProcessContext): Promise<boolean> {
  if (!patched(LIMIT_BEFORE_PAYOUT_PATCH)) return false;
  const { name, creditCode } = ctx.input.enterprise;
  return (await limitActivities.enterpriseAtLimit({ accountId: ctx.input.accountId, enterprise: { name, creditCode } })).atLimit;
}
const { checkPayoutAmount, flagPayoutOverdue } = proxyLocalProcessActivities<Pick<EnterpriseActivities, 'checkPayoutAmount' | 'flagPayoutOverdue'>>();

/** From this change a payout the bank refuses sends the holder back to correct the bank details, where it failed the process. */
export const PAYOUT_REFUSAL_PATCH = 'payout-refusal-back-to-details';

/**
 * From this change an entry made within the amount window whose verdict had
 * not come when the window closed decides the process (R-E6.5); before, the
 * window's end failed it remittance_expired meanwhile, while the holder was
 * told the entry's verdict, right or not.
 */
export const AMOUNT_ENTRY_AT_DEADLINE_PATCH = 'amount-entry-judged-past-deadline';

/**
 * R-E6: handler face check, manual review (withdrawable), a payout of
 * 1..99 fen sent once (flagged overdue when the bank is slow to report it),
 * then the holder proves the amount received within the window from the
 * arrival the bank reports, with limited attempts. A withdrawn or rejected
 * review, or a payout the bank refuses for the account, returns the holder to
 * method choice; a review undecided by its final deadline fails the process
 * (review_expired, R-G7).
 */
export async function remittance(ctx: ProcessContext, details: RemittanceDetails): Promise<MethodResult> {
  const { input, view, inbox, activities } = ctx;
  const attempts = input.remittanceAttempts ?? 2;
  const remittanceView: RemittanceView = { reviewId: null, reviewDueAt: null, reviewReason: null, payoutSentAt: null, deliveredAt: null, amountDeadline: null, attemptsLeft: attempts };
  view.remittance = remittanceView;

  // R-E7: no handler's face and no operator's review for an enterprise that could not verify this account.
  if (await atLimit(ctx)) return done(await ctx.fail('enterprise_limit_reached'));
  // R-E6.2: the handler proves who they are before anything reaches a reviewer.
  // R-P10: the handler's face check is bound to the handler.
  const face = await codeCheck(ctx, 'face', 'awaiting_handler_face', mainlandPerson(details.handler));
  if (face.kind === 'interrupted') return choose;
  if (face.kind === 'abandoned') return done(await ctx.fail('abandoned'));
  if (face.kind === 'face_attempts_exhausted') return done(await ctx.fail('face_attempts_exhausted'));

  // R-E6.3: a review task for operators, due in business days (R-G6).
  const reviewId = await newReviewId(ctx.capabilitiesFromActivities);
  const calendar = calendarOf(input);
  const slaBusinessDays = input.reviewSlaBusinessDays ?? 2;
  const review = await startReview({
    reviewId,
    processId: input.processId,
    accountId: input.accountId,
    kind: 'enterprise_remittance',
    materials: {
      documents: {
        licence: input.enterprise.licenceDocumentId,
        legalPersonIdEmblemSide: details.photos.emblemSideDocumentId,
        legalPersonIdPortraitSide: details.photos.portraitSideDocumentId,
      },
      fields: {
        enterpriseName: input.enterprise.name,
        creditCode: input.enterprise.creditCode,
        ...(input.enterprise.licenceType ? { licenceType: input.enterprise.licenceType } : {}),
        address: input.enterprise.address,
        legalPerson: details.legalPerson,
        handler: details.handler,
        bankAccount: details.bankAccount,
      },
    },
    rules: ['R-E2', 'R-E6'],
    slaBusinessDays,
    // R-G7: the review's final deadline; processes started before had none, so their reviews never expire.
    ...(input.reviewExpiryBusinessDays === undefined ? {} : { expiryBusinessDays: input.reviewExpiryBusinessDays }),
    calendar,
  });
  remittanceView.reviewId = reviewId;
  remittanceView.reviewDueAt = addBusinessDays(Date.now(), slaBusinessDays, calendar);
  inbox.withdrawRequested = false;
  inbox.reviewDecided = false;
  await ctx.record('in_review', { reviewId, dueAt: remittanceView.reviewDueAt });

  let outcome: ReviewOutcome | null = null;
  // R-G7: a review that ends without an outcome (terminated from outside) fails the process with its failure, which
  // closes it (workflows/process-ended-in-error.ts). Unheld, the rejection failed every workflow task: the process hung.
  let reviewFailure: unknown = null;
  void review.result().then(
    (result) => (outcome = result),
    (error: unknown) => (reviewFailure = error),
  );
  const reviewEnded = () => outcome !== null || reviewFailure !== null;
  await condition(() => reviewEnded() || inbox.withdrawRequested);
  if (!reviewEnded()) {
    // The review may still be decided before the withdrawal reaches it: its answer is the truth. Decided and closed
    // already (its end not yet seen here), it refuses the signal: that is no failure of the process, its outcome comes.
    await review.signal(withdrawReviewSignal, { reviewId, request: 'withdraw_review' }).catch(() => undefined);
    await condition(reviewEnded);
  }
  if (reviewFailure !== null) throw reviewFailure;
  const result = outcome as unknown as ReviewOutcome;
  inbox.withdrawRequested = false;
  // From here until the step moves on (the limit asked again, the notice, the payout sent) a withdrawal is refused.
  inbox.reviewDecided = result.outcome !== 'withdrawn';
  if (result.outcome === 'withdrawn') {
    await ctx.record('review_withdrawn', { reviewId });
    return choose;
  }
  // R-G7: no operator decided by the review's final deadline: the process fails (and says so, R-G5), never approved by the clock.
  if (result.outcome === 'expired') return done(await ctx.fail('review_expired'));
  // R-E7: a payout cannot be recalled (R-E6.4): none is sent for an enterprise that could not verify this account, and the
  // holder is not told of an approval that leads nowhere. Asked again here: another account may have verified during the review.
  if (result.outcome === 'approved' && (await atLimit(ctx))) return done(await ctx.fail('enterprise_limit_reached'));
  // R-G7: in the last method the process may run, a rejection ends it (workflows/enterprise/process.ts): the notice says so.
  const lastMethod = input.maxMethodChoices !== undefined && ctx.methodsRun >= input.maxMethodChoices;
  await activities.notifyEnterpriseOutcome({
    processId: input.processId,
    accountId: input.accountId,
    outcome: result.outcome === 'approved' ? 'review_approved' : 'review_rejected',
    reason: result.reason,
    occurrence: reviewId,
    ...(lastMethod && result.outcome === 'rejected' ? { lastMethod: true as const } : {}),
  });
  if (result.outcome === 'rejected') {
    remittanceView.reviewReason = result.reason;
    await ctx.record('review_rejected', { reviewId, reason: result.reason });
    return choose;
  }

  // R-E6.4: the amount is drawn and kept by the activities (see workflows/capabilities.ts);
  // processes started before kept it in workflow state. Never in a view: the holder must prove it.
  const legacyAmountFen = ctx.capabilitiesFromActivities ? null : await drawAmount(false);
  const payoutKey = `${input.processId}:payout:${reviewId}`;
  let payout: Awaited<ReturnType<typeof sendPayout>>;
  try {
    payout = await sendPayout({
      processId: input.processId,
      accountId: input.accountId,
      idempotencyKey: payoutKey,
      bankAccount: details.bankAccount,
      // The bank checks the account is held in this name (户名): the payout proves the enterprise's own account.
      payeeName: input.enterprise.name,
      ...(legacyAmountFen === null ? {} : { amountFen: legacyAmountFen }),
    });
  } catch (failure) {
    const refusal = payoutRefusalOf(failure);
    // Processes that met a refusal before this change failed with it, and replay so.
    if (refusal === null || !patched(PAYOUT_REFUSAL_PATCH)) throw failure;
    // R-E6.4: nothing was sent. The holder corrects the bank details and submits them again (to a new review), or picks another method.
    remittanceView.payoutRefusal = refusal;
    await activities.notifyEnterpriseOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'payout_refused', reason: refusal, occurrence: payoutKey, ...(lastMethod ? { lastMethod: true as const } : {}) });
    await ctx.record('payout_refused', { reviewId, refusal });
    return choose;
  }
  const sentAt = Date.now();
  remittanceView.payoutSentAt = sentAt;
  // R-E6.5: the arrival the bank reported, in its answer or in its later report.
  let reported: number | null = payout.deliveredAt;
  if (payout.deliveredAt === null) {
    const delivery = await awaitPayoutDelivery(ctx, payout.idempotencyKey, sentAt, reviewId, calendar);
    if (delivery === null) return done(await ctx.fail('payout_not_delivered'));
    reported = delivery.deliveredAt;
  }
  inbox.deliveries.length = 0;
  const window = durationMs(input.durations.remittanceAmountWindow ?? '7 days');
  let deadline: number;
  if (input.durations.amountWindowFromReportedArrival) {
    // R-E6.5: the window runs from the arrival the bank reports, never from when its report came:
    // a late report does not extend it. An arrival ahead of this clock (the skew the API allows) counts as now.
    const arrivedAt = Math.min(reported!, Date.now());
    remittanceView.deliveredAt = arrivedAt;
    deadline = arrivedAt + window;
    remittanceView.amountDeadline = deadline;
    if (deadline <= Date.now()) {
      return done(
        await ctx.fail(
          'remittance_expired',
          `The bank reported the payout arrived at ${new Date(arrivedAt).toISOString()}; the time to enter the amount received ended at ` +
            `${new Date(deadline).toISOString()}, before the report reached us (R-E6.5).`,
        ),
      );
    }
  } else {
    // Processes started before ran the window from when the report was handled.
    remittanceView.deliveredAt = Date.now();
    deadline = Date.now() + window;
    remittanceView.amountDeadline = deadline;
  }
  inbox.amountEntries.length = 0;
  ctx.awaitedAmount = legacyAmountFen === null ? { payoutKey: payout.idempotencyKey } : { amountFen: legacyAmountFen };
  await ctx.record('awaiting_amount', { amountDeadline: deadline });

  let windowOver = false;
  for (;;) {
    const woke = await condition(() => inbox.amountEntries.length > 0, Math.max(deadline - Date.now(), 1));
    if (!woke) {
      // R-E6.5: the window closed while an entry made within it was being checked (or before its verdict was read).
      const entryPending = ctx.judgingAmount || inbox.amountEntries.length > 0;
      ctx.awaitedAmount = null;
      // Processes that met this before the change failed at once, and replay so.
      if (!entryPending || !patched(AMOUNT_ENTRY_AT_DEADLINE_PATCH)) return done(await ctx.fail('remittance_expired'));
      // That entry decides, as the holder is answered; none is taken after it.
      windowOver = true;
      await condition(() => inbox.amountEntries.length > 0 || !ctx.judgingAmount);
      // Its check failed: nothing was answered but a failure, and the window is over.
      if (inbox.amountEntries.length === 0) return done(await ctx.fail('remittance_expired'));
    }
    const entry = inbox.amountEntries.shift()!;
    if (entry.correct) {
      ctx.awaitedAmount = null;
      return done(await ctx.complete());
    }
    await ctx.record('amount_wrong', { attemptsLeft: remittanceView.attemptsLeft });
    // R-E6.5: two wrong entries fail the process, even when the second's verdict came after the window closed.
    if (remittanceView.attemptsLeft === 0) {
      ctx.awaitedAmount = null;
      return done(await ctx.fail('remittance_attempts_exhausted'));
    }
    // A wrong entry with attempts left, judged after the window closed: no entry came right within it, and none can now.
    if (windowOver) {
      remittanceView.attemptsLeft = 0;
      return done(await ctx.fail('remittance_expired'));
    }
    await ctx.record('awaiting_amount', { attemptsLeft: remittanceView.attemptsLeft });
  }
}

/**
 * R-E6.4 and R-G7: waits for the bank's report that the payout arrived; null
 * when none came by the delivery deadline. Past its business days (R-G6, on
 * the calendar the review SLA is counted on) an unreported payout is flagged:
 * operators are alerted (`PayoutOverdue`, the payout row, their alert
 * channel), the holder is told to check the bank details, and the process
 * waits on until the deadline. Processes started before had no overdue point;
 * the oldest no deadline.
 */
async function awaitPayoutDelivery(
  ctx: ProcessContext,
  payoutKey: string,
  sentAt: number,
  reviewId: string,
  calendar: BusinessCalendar,
): Promise<PayoutDelivery | null> {
  const { input, inbox, activities } = ctx;
  const remittanceView = ctx.view.remittance!;
  const overdueDays = input.payoutOverdueBusinessDays;
  const dueAt = overdueDays === undefined ? null : addBusinessDays(sentAt, overdueDays, calendar);
  const deliveryDeadline = input.durations.payoutDeliveryDeadline;
  const margin = input.payoutDeliveryMarginBusinessDays;
  if (dueAt !== null) {
    remittanceView.deliveryDueAt = dueAt;
    if (deliveryDeadline === undefined) remittanceView.deliveryDeadline = null;
    // R-E6.4, R-G7: the deadline never ends at or before the overdue point, so the alert always precedes the failure.
    else if (margin !== undefined) remittanceView.deliveryDeadline = payoutDeadlines(sentAt, { overdueBusinessDays: overdueDays!, deliveryDeadlineMs: durationMs(deliveryDeadline), marginBusinessDays: margin }, calendar).failsAt;
    // Processes started before: the plain duration, which could end first (then they are never flagged).
    else remittanceView.deliveryDeadline = Date.now() + durationMs(deliveryDeadline);
  }
  await ctx.record('awaiting_payout_delivery', dueAt === null ? { reviewId } : { reviewId, dueAt, deadline: remittanceView.deliveryDeadline });
  const delivery = () => inbox.deliveries.find((d) => d.idempotencyKey === payoutKey);
  const delivered = () => delivery() !== undefined;
  if (dueAt === null) {
    // R-G7: nothing waits forever; processes started before had no deadline here and keep waiting without a timer.
    if (deliveryDeadline === undefined) await condition(delivered);
    else if (!(await condition(delivered, durationMs(deliveryDeadline)))) return null;
    return delivery()!;
  }
  const failsAt = remittanceView.deliveryDeadline ?? null;
  // A deadline at or before the overdue point leaves nothing to flag: it fails first.
  const canBeOverdue = failsAt === null || dueAt < failsAt;
  if (canBeOverdue && !(await condition(delivered, Math.max(dueAt - Date.now(), 1)))) {
    remittanceView.payoutOverdueSince = Date.now();
    upsertSearchAttributes([{ key: PayoutOverdue, value: true }]);
    await flagPayoutOverdue({ processId: input.processId, accountId: input.accountId, idempotencyKey: payoutKey, sentAt, dueAt, deadline: failsAt });
    await activities.notifyEnterpriseOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'payout_overdue', occurrence: payoutKey });
    await ctx.record('payout_overdue', { dueAt, deadline: failsAt });
  }
  if (!delivered()) {
    if (failsAt === null) await condition(delivered);
    else if (!(await condition(delivered, Math.max(failsAt - Date.now(), 1)))) return null;
  }
  if (remittanceView.payoutOverdueSince) upsertSearchAttributes([{ key: PayoutOverdue, value: false }]);
  return delivery()!;
}

/** When an amount entry was made, as far as the process may trust its stamp (ENTRY_STAMP_MAX_AGE_MS). */
export function entryTime(stamp: unknown, now: number): number {
  return typeof stamp === 'number' && Number.isFinite(stamp) && stamp <= now && now - stamp <= ENTRY_STAMP_MAX_AGE_MS ? stamp : now;
}

/**
 * R-E6.5: judges one entry at once, so the holder's HTTP call gets its answer
 * immediately; the main loop records it. Refused when no amount is awaited.
 * The amount is the activities' (checkPayoutAmount); processes started before
 * compare with the one they hold. One entry is judged at a time; one taken
 * before the window closed is judged even if its check ends after, and the
 * process follows its verdict (the main loop waits for it).
 */
export async function judgeAmountEntry(ctx: ProcessContext, amountFen: number): Promise<{ correct: boolean; attemptsLeft: number }> {
  const remittanceView = ctx.view.remittance!;
  const awaited = ctx.awaitedAmount!;
  ctx.judgingAmount = true;
  let correct: boolean;
  try {
    correct = 'amountFen' in awaited ? amountFen === awaited.amountFen : (await checkPayoutAmount({ idempotencyKey: awaited.payoutKey, amountFen })).correct;
  } finally {
    ctx.judgingAmount = false;
  }
  if (!correct) remittanceView.attemptsLeft = Math.max(remittanceView.attemptsLeft - 1, 0);
  // No further entry after the right one or the last wrong one.
  if (correct || remittanceView.attemptsLeft === 0) ctx.awaitedAmount = null;
  ctx.inbox.amountEntries.push({ correct });
  // A wrong entry whose verdict came after the window closed leaves none to make: the process fails remittance_expired.
  const windowClosed = remittanceView.amountDeadline !== null && Date.now() >= remittanceView.amountDeadline;
  return { correct, attemptsLeft: windowClosed && !correct ? 0 : remittanceView.attemptsLeft };
}
