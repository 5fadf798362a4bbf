// Issue 19: the platform events that are not a recorded step, each queued in the
// statement (or transaction) that records its fact, so an event exists exactly
// when its fact does and a retried write queues it once (its id is derived from
// the fact). The worker fans them out and delivers them apart from the process
// (activities/webhook-delivery.ts). Steps queue theirs in RECORD_STEP
// (activities/process.ts).
//
// An event that is not a step carries the process's step, status and latest
// step seq at the moment it was queued, so a platform ordering by data.seq puts
// it after the step it followed; its own facts are in `detail` (ids, kinds,
// enums and amounts only: never personal data, never free text).

const COLUMNS = 'id, type, process_id, account_id, seq, step, status, occurred_at, detail';
const LATEST_SEQ = (processId: string) => `COALESCE((SELECT max(s.seq) FROM process_steps s WHERE s.process_id = ${processId}), 0)`;

/**
 * process.started: inside OPEN_PROCESS, whose parameters it reads ($1 process
 * id, $2 account id, $7 status, $8 step, $10 opened at). Queued only while the
 * row does not exist yet: every CTE of the statement sees the snapshot before
 * the insert, so a retried opening queues nothing more.
 */
export const QUEUE_PROCESS_STARTED_IN_OPEN_PROCESS = `
    INSERT INTO platform_events (${COLUMNS})
    SELECT 'evt_' || $1::text || '_started', 'process.started', $1, $2, 0, $8, $7, $10, NULL
     WHERE NOT EXISTS (SELECT 1 FROM processes WHERE id = $1)
    ON CONFLICT (id) DO NOTHING`;

/** process.started of a change's process, in the transaction that opens it (activities/change): $1 process id. */
export const QUEUE_PROCESS_STARTED = `
  INSERT INTO platform_events (${COLUMNS})
  SELECT 'evt_' || p.id || '_started', 'process.started', p.id, p.account_id, 0, p.step, p.status, p.created_at, NULL
    FROM processes p WHERE p.id = $1
  ON CONFLICT (id) DO NOTHING`;

/**
 * review.decided, in the transaction that closes the review (activities/review),
 * after its update: $1 review id. Only an operator's decision (approved or
 * rejected) is one; a withdrawn or expired review is reported by the process's
 * own next step. The reason is free text an operator wrote, so it stays out.
 */
export const QUEUE_REVIEW_DECIDED = `
  INSERT INTO platform_events (${COLUMNS})
  SELECT 'evt_' || r.id || '_decided', 'review.decided', r.process_id, r.account_id, ${LATEST_SEQ('r.process_id')}, p.step, p.status,
         COALESCE(r.decided_at, now()),
         jsonb_build_object('review', jsonb_build_object('reviewId', r.id, 'kind', r.kind, 'decision', r.status, 'rules', to_jsonb(r.rules),
           'decidedAt', to_char(r.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
    FROM reviews r JOIN processes p ON p.id = r.process_id
   WHERE r.id = $1 AND r.status IN ('approved', 'rejected')
  ON CONFLICT (id) DO NOTHING`;

/**
 * payment.refunded, inside SETTLE_REFUND_ATTEMPT (activities/enterprise/refunds.ts),
 * from its `settled` CTE: once, when the gateway confirms a refund of a payment
 * that quoted a process (a payment that named none has no process to report on).
 */
export const QUEUE_PAYMENT_REFUNDED_FROM_SETTLED = `
    INSERT INTO platform_events (${COLUMNS})
    SELECT 'evt_' || p.id || '_refunded_' || md5(s.transaction_id), 'payment.refunded', p.id, p.account_id, ${LATEST_SEQ('p.id')}, p.step, p.status,
           s.refunded_at,
           jsonb_build_object('refund', jsonb_build_object('transactionId', s.transaction_id, 'amountFen', s.amount_fen, 'reason', s.reason,
             'refundedAt', to_char(s.refunded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
      FROM settled s JOIN processes p ON p.id = s.process_id
     WHERE s.refunded
    ON CONFLICT (id) DO NOTHING`;

/**
 * Issue 19, R-G7 (r19 review): the outcome of a process its workflow could not
 * drive there, closed by closeProcessEndedInError (activities/process-ended-in-error.ts):
 * process.failed (internal_error, cancelled) or, when the account was written
 * first, process.verified or change.completed. In the closing transaction, after
 * the row's update: $1 process id, $2 the closing step's seq, $3 closed at. The
 * id is a step's (evt_<process>_<seq>), so a retried closing queues none.
 */
export const QUEUE_CLOSING_EVENT = `
  INSERT INTO platform_events (${COLUMNS})
  SELECT 'evt_' || p.id || '_' || $2::int,
         CASE p.status WHEN 'verified' THEN 'process.verified' WHEN 'changed' THEN 'change.completed' WHEN 'revoked' THEN 'change.revoked' ELSE 'process.failed' END,
         p.id, p.account_id, $2::int, p.step, p.status, $3::timestamptz, NULL
    FROM processes p WHERE p.id = $1 AND p.status <> 'open'
  ON CONFLICT (id) DO NOTHING`;
