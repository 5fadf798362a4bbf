import type { ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_FAILURE_TYPES } from '../domain/failures';

/**
 * Activities are short I/O calls, each attempt bounded. A failure no retry can
 * mend (domain/failures.ts: an impossible state, a missing row, a value an
 * activity cannot take, as the worker's interceptor classifies them) is
 * attempted once; anything else is retried with backoff until it succeeds.
 *
 * The same policy serves the local activities (workflows/local-activities.ts)
 * and the calls to other parties that go through the task queue: the business
 * registry, the gateway's refund, the bank's payout. None of those three gets
 * a maximumAttempts or a scheduleToCloseTimeout, because past any such bound
 * retrying still helps and giving up harms: a refund (R-E5) and a payout
 * (R-E6.4) must happen, and both are idempotent by their keys, so an outage of
 * hours ends with the money moved once; a registry lookup that gave up would
 * fail the workflow without a process outcome. The 30-second maximum interval
 * keeps a long outage to two calls a minute per process, and the recovery
 * that follows to at most 30 seconds late. Operators see an attempt that gave
 * up (GET /v1/operator/activity-failures); one still retrying shows in the
 * Temporal Web UI as a pending activity with its attempt count and last failure.
 *
 * Changing a retry policy does not break replay: the SDK checks a scheduled
 * activity's id and type against history, not its options.
 */
export const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES] },
};
