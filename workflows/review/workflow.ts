import { ApplicationFailure, CancellationScope, condition, isCancellation, log, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { addBusinessDays } from '../../domain';
import type { ReviewActivities } from '../../activities/review/types';
import { proxyProcessActivities } from '../local-activities';
import { ReviewOverdue } from '../search-attributes';
import {
  decideReviewUpdate,
  reviewDecisionSignal,
  reviewViewQuery,
  withdrawReviewSignal,
  type ReviewDecision,
  type ReviewInput,
  type ReviewOutcome,
  type ReviewView,
} from './messages';

// The task, its escalation and its closing are writes to our own tables: local.
const activities = proxyProcessActivities<ReviewActivities>(['createReviewTask', 'escalateReview', 'closeReview']);

/**
 * Security finding 4: a decision typed into the Web UI's signal form named any
 * operator it liked and skipped the claim. Reviews are decided through the API
 * only, which takes the operator from the token and honours the claim; a
 * signal is logged and dropped. Reviews that took one before replay as they ran.
 */
export const DECISIONS_THROUGH_API_PATCH = 'decisions-through-api-only';

/**
 * A cancel request (the process ended) that met the task's creation or the
 * final close cancelled that write, leaving the row `pending` in the queue for
 * good. Both writes now finish whatever arrives; reviews that ran before replay as they ran.
 */
export const REVIEW_WRITES_FINISH_PATCH = 'review-writes-finish';

function decisionProblem(decision: ReviewDecision): string | null {
  if (decision?.decision !== 'approve' && decision?.decision !== 'reject') return 'decision must be approve or reject';
  if (typeof decision.reason !== 'string' || decision.reason.trim() === '') return 'a reason is mandatory';
  if (typeof decision.operator !== 'string' || decision.operator.trim() === '') return 'the operator must be named';
  return null;
}

/**
 * One manual review (R-E6.3), a child of the process that needs it.
 *
 * Creates the review task, then waits for an operator's decision (through the
 * API) or the holder's withdrawal. Past its SLA, counted in
 * business days (R-G6), it is escalated to operators and flagged with the
 * `ReviewOverdue` search attribute; it is never approved by the clock. Past
 * its final deadline (R-G7, business days on the same calendar) it closes
 * `expired`, neither approved nor rejected; reviews started without one wait
 * for an operator however long.
 */
export async function manualReview(input: ReviewInput): Promise<ReviewOutcome> {
  // Asked at the start: asked in the handler, it could land after a local activity, in another workflow task on replay.
  const decisionsThroughApiOnly = patched(DECISIONS_THROUGH_API_PATCH);
  const writesFinish = patched(REVIEW_WRITES_FINISH_PATCH);
  const finishing = <T>(write: () => Promise<T>): Promise<T> => (writesFinish ? CancellationScope.nonCancellable(write) : write());
  const close = (closing: Parameters<ReviewActivities['closeReview']>[0]) => finishing(() => activities.closeReview(closing));
  const startedAt = Date.now();
  const view: ReviewView = {
    reviewId: input.reviewId,
    status: 'pending',
    dueAt: addBusinessDays(startedAt, input.slaBusinessDays, input.calendar),
    ...(input.expiryBusinessDays === undefined ? {} : { expiresAt: addBusinessDays(startedAt, input.expiryBusinessDays, input.calendar) }),
    escalated: false,
  };
  let decision: ReviewDecision | null = null;
  let withdrawn = false;
  let closed = false;

  const open = () => view.status === 'pending' && decision === null && !withdrawn;
  setHandler(reviewViewQuery, () => view);
  setHandler(reviewDecisionSignal, (d) => {
    if (decisionsThroughApiOnly) {
      log.warn('dropped a review decision sent as a signal: decisions go through the API', { reviewId: input.reviewId });
      return;
    }
    if (open() && decisionProblem(d) === null) decision = { ...d, via: d.via ?? 'web_ui' };
  });
  setHandler(
    decideReviewUpdate,
    async (d) => {
      decision = { ...d, via: 'api' };
      await condition(() => closed);
      return view;
    },
    {
      validator: (d) => {
        // A decision sealed for another review (its ciphertext copied here) is not this review's.
        if (d?.reviewId !== input.reviewId) throw ApplicationFailure.create({ type: 'WrongReview', message: `this decision is for review ${String(d?.reviewId)}, not ${input.reviewId}` });
        if (!open()) throw ApplicationFailure.create({ type: 'ReviewClosed', message: `review ${input.reviewId} is already ${decision ? 'decided' : withdrawn ? 'withdrawn' : view.status}` });
        // R-G7: past the final deadline, though its timer (a worker behind) has not closed the review yet. Validators do not run on replay.
        if (view.expiresAt !== undefined && Date.now() >= view.expiresAt) throw ApplicationFailure.create({ type: 'ReviewClosed', message: `review ${input.reviewId} is already expired` });
        const problem = decisionProblem(d);
        if (problem) throw ApplicationFailure.create({ type: 'InvalidDecision', message: problem });
      },
    },
  );
  setHandler(withdrawReviewSignal, (request) => {
    // Security finding 2: only this review's process withdraws it, with its sealed request; reviews started before took any.
    if (decisionsThroughApiOnly && !(request?.reviewId === input.reviewId && request.request === 'withdraw_review')) {
      log.warn('dropped a withdrawal that is not this review\'s process\'s', { reviewId: input.reviewId });
      return;
    }
    if (open()) withdrawn = true;
  });

  // Created whatever arrives meanwhile: a cancel request then reaches the wait below, which closes the row it wrote.
  await finishing(() => activities.createReviewTask({ ...input, dueAt: view.dueAt, ...(view.expiresAt === undefined ? {} : { expiresAt: view.expiresAt }) }));

  const settled = () => decision !== null || withdrawn;
  try {
    if (!(await condition(settled, Math.max(view.dueAt - Date.now(), 1)))) {
      view.escalated = true;
      upsertSearchAttributes([{ key: ReviewOverdue, value: true }]);
      await activities.escalateReview({ reviewId: input.reviewId, processId: input.processId, dueAt: view.dueAt });
      // Escalated, not decided: only an operator (or the holder's withdrawal) decides a review.
      // R-G7: until its final deadline; reviews started without one wait without a timer, as they ran.
      if (view.expiresAt === undefined) await condition(settled);
      else await condition(settled, Math.max(view.expiresAt - Date.now(), 1));
    }
  } catch (error) {
    // The process that asked for it ended (revoked, expired): the task leaves the queue.
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(async () => {
      view.status = 'withdrawn';
      await activities.closeReview({ reviewId: input.reviewId, status: 'withdrawn', actor: 'system', reason: 'the process ended', at: Date.now() });
    });
    throw error;
  }

  // Settled or not is what counts, not which of the wait's two ends won: a decision taken with the deadline's timer still counts.
  if (!settled()) {
    // R-G7: no decision by the final deadline. Closed undecided: never approved (nor rejected) by the clock.
    view.status = 'expired';
    const reason = `no decision by the review's final deadline, ${new Date(view.expiresAt!).toISOString()}`;
    await close({ reviewId: input.reviewId, status: 'expired', actor: 'system', reason, at: Date.now() });
    closed = true;
    return { outcome: 'expired' };
  }
  if (decision === null) {
    view.status = 'withdrawn';
    await close({ reviewId: input.reviewId, status: 'withdrawn', actor: `holder:${input.accountId}`, at: Date.now() });
    closed = true;
    return { outcome: 'withdrawn' };
  }
  const { decision: verdict, reason, operator, via } = decision as ReviewDecision;
  view.status = verdict === 'approve' ? 'approved' : 'rejected';
  // A decision taken is recorded, though the process ends meanwhile: the row must not stay pending.
  await close({ reviewId: input.reviewId, status: view.status, actor: operator, reason, via, at: Date.now() });
  closed = true;
  return { outcome: view.status, reason, operator };
}
