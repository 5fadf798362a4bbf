import type { RefundReason, StrayPaymentReason } from '../../domain';
import type { Logger } from '../../config/logger';
import { sqlPool, type Database } from '../../prisma/client';
import { prepared } from '../../prisma/prepared';
import { QUEUE_PAYMENT_REFUNDED_FROM_SETTLED } from '../platform-events';
import type { PaymentGateway } from '../providers/payment-gateway';
import type { ChannelSender, OutgoingNotification } from '../providers/notification-channels';
import { NoAnswerInTime, within } from '../within';

/** The gateway (or the alert channel) did not answer in time. */
class RefundTimeout extends NoAnswerInTime {
  override name = 'RefundTimeout';
}

// R-E5: every payment that does not complete a verification goes back to its
// payer, once per gateway transaction id. The refunds table is the one record
// of that decision, whoever takes it: the recharge workflow for a payment it
// judged wrong (refundPayment), the API for a payment no workflow takes on
// arrival, the delivery loop for one a process ended before taking. Its
// primary key is the transaction id, so a second decision about the same
// payment is no decision, and none is taken for a credited payment (its
// ledger entry exists). The gateway is then asked, once at the decision and
// again by the worker's delivery loop (worker/refund-delivery.ts) until it
// confirms, with backoff: a gateway that is down delays the money, never the
// process, and never loses it. The gateway refunds once per transaction id
// however often it is asked (activities/providers/payment-gateway.ts).

export interface RefundPolicy {
  /** The decision's own attempt, bounded so a slow gateway does not hold the workflow or the loop. */
  quickAttemptMs: number;
  /** Each of the delivery loop's attempts. */
  sendTimeoutMs: number;
  /** Backoff after a failed attempt: base × 2^(attempts − 1) seconds, at most the maximum. Refunds are never given up. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** R-G7: after this many failed attempts operators are alerted, once; the refund is still retried. */
  alertAfterAttempts: number;
}

export const REFUND_DEFAULTS: RefundPolicy = { quickAttemptMs: 5000, sendTimeoutMs: 10_000, retryBaseSeconds: 30, retryMaxSeconds: 3600, alertAfterAttempts: 10 };

/** 2^30 × any base is past any maximum: the exponent stops there, so the backoff never overflows however long a refund keeps failing. */
const MAX_BACKOFF_EXPONENT = 30;

/** A claim outlives the attempt it covers by this much, so it lapses only when its worker is gone. */
const LEASE_MARGIN_MS = 30_000;
const MAX_ERROR_LENGTH = 200;

/** A wrong payment the workflow judged: its own values, since processes older than the payments table have no row for it. */
export const DECIDE_REFUND = `
  WITH decided AS (
    INSERT INTO refunds (transaction_id, process_id, amount_fen, reason)
    SELECT $1, $2, $3, $4
     WHERE NOT EXISTS (SELECT 1 FROM ledger_entries WHERE transaction_id = $1)
    ON CONFLICT (transaction_id) DO NOTHING
    RETURNING transaction_id)
  UPDATE payments SET settled_at = now() WHERE transaction_id = $1 AND settled_at IS NULL`;

/** A stray payment, from its recorded arrival. */
export const DECIDE_STRAY_REFUND = `
  WITH decided AS (
    INSERT INTO refunds (transaction_id, process_id, amount_fen, reason)
    SELECT transaction_id, process_id, amount_fen, $2 FROM payments
     WHERE transaction_id = $1 AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.transaction_id = $1)
    ON CONFLICT (transaction_id) DO NOTHING
    RETURNING transaction_id)
  UPDATE payments SET settled_at = now() WHERE transaction_id = $1 AND settled_at IS NULL`;

/**
 * Payments handed to a workflow whose process then ended without taking them
 * (a second payment behind the one that verified, one that arrived as the
 * window closed or the change was revoked): a process at its outcome takes
 * nothing more (R-G7), and its credit or its refunds were written before its
 * outcome, so what has neither is refunded. Credited ones are settled as such.
 */
export const SETTLE_ENDED_PROCESS_PAYMENTS = `
  WITH ended AS (
    SELECT pay.transaction_id, pay.process_id, pay.amount_fen
      FROM payments pay JOIN processes p ON p.id = pay.process_id
     WHERE pay.settled_at IS NULL AND p.status <> 'open'
     ORDER BY pay.received_at
     LIMIT $1
       FOR UPDATE OF pay SKIP LOCKED),
  decided AS (
    INSERT INTO refunds (transaction_id, process_id, amount_fen, reason)
    SELECT e.transaction_id, e.process_id, e.amount_fen, 'process_ended' FROM ended e
     WHERE NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.transaction_id = e.transaction_id)
    ON CONFLICT (transaction_id) DO NOTHING
    RETURNING transaction_id)
  UPDATE payments pay SET settled_at = now() FROM ended e
   WHERE pay.transaction_id = e.transaction_id
  RETURNING pay.transaction_id AS "transactionId", EXISTS (SELECT 1 FROM decided d WHERE d.transaction_id = pay.transaction_id) AS decided`;

const CLAIM_COLUMNS = `RETURNING r.transaction_id AS "transactionId", r.amount_fen AS "amountFen", r.attempts AS attempt`;

/** Due refunds, each claimed for one attempt by raising `attempts` and pushing `next_attempt_at` past its lease (as the notice outbox does). */
export const CLAIM_DUE_REFUNDS = `
  UPDATE refunds r SET attempts = r.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
   WHERE r.transaction_id IN (
     SELECT transaction_id FROM refunds
      WHERE refunded_at IS NULL AND next_attempt_at <= now()
      ORDER BY next_attempt_at
      LIMIT $1
        FOR UPDATE SKIP LOCKED)
  ${CLAIM_COLUMNS}`;

/** The one refund just decided, if no one holds it. */
export const CLAIM_REFUND = `
  UPDATE refunds r SET attempts = r.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
   WHERE r.transaction_id = $1 AND r.refunded_at IS NULL AND r.next_attempt_at <= now()
  ${CLAIM_COLUMNS}`;

/**
 * Settles one attempt, each in its own statement so a row that cannot be
 * settled holds back no other: a confirmation counts whoever asked (the
 * gateway refunded once, whichever claim it answered); a failure only for the
 * claim holding that attempts number, and makes the refund due again after
 * its backoff (the exponent capped, R-E5: never given up). The failure that
 * reaches the alert threshold marks the refund alerted, and says so, once.
 */
export const SETTLE_REFUND_ATTEMPT = `
  WITH prior AS (SELECT transaction_id, alerted_at FROM refunds WHERE transaction_id = $1 FOR UPDATE),
  settled AS (
  UPDATE refunds r SET
    refunded_at = CASE WHEN $3::text IS NOT NULL THEN now() END,
    gateway_refund_id = $3::text,
    last_error = $4::text,
    next_attempt_at = CASE WHEN $3::text IS NOT NULL THEN r.next_attempt_at
      ELSE now() + make_interval(secs => LEAST($5::float8 * power(2::float8, LEAST(GREATEST(r.attempts - 1, 0), ${MAX_BACKOFF_EXPONENT})), $6::float8)) END,
    alerted_at = CASE WHEN $3::text IS NULL AND r.alerted_at IS NULL AND r.attempts >= $7::int THEN now() ELSE r.alerted_at END
  FROM prior p
  WHERE r.transaction_id = p.transaction_id AND r.refunded_at IS NULL AND ($3::text IS NOT NULL OR r.attempts = $2::int)
  RETURNING r.transaction_id, r.process_id, r.amount_fen, r.reason, r.refunded_at, r.attempts, r.refunded_at IS NOT NULL AS refunded,
            (p.alerted_at IS NULL AND r.alerted_at IS NOT NULL) AS alert),
  -- Issue 19: payment.refunded, queued with the confirmation it reports (activities/platform-events.ts).
  refunded AS (${QUEUE_PAYMENT_REFUNDED_FROM_SETTLED})
  SELECT transaction_id AS "transactionId", process_id AS "processId", attempts, refunded, alert FROM settled`;

const decideRefund = prepared('decide-refund', DECIDE_REFUND);
const decideStrayRefund = prepared('decide-stray-refund', DECIDE_STRAY_REFUND);
const settleEndedProcessPayments = prepared('settle-ended-process-payments', SETTLE_ENDED_PROCESS_PAYMENTS);
const claimDueRefunds = prepared('claim-due-refunds', CLAIM_DUE_REFUNDS);
const claimRefund = prepared('claim-refund', CLAIM_REFUND);
const settleRefundAttempt = prepared('settle-refund-attempt', SETTLE_REFUND_ATTEMPT);

interface ClaimedRefund {
  transactionId: string;
  amountFen: number;
  attempt: number;
}

interface Attempted {
  refund: ClaimedRefund;
  refundId: string | null;
  /** What failed, for operators (GET /v1/operator/payments); never logged. */
  error: string | null;
}

async function attempt(gateway: PaymentGateway, refund: ClaimedRefund, timeoutMs: number): Promise<Attempted> {
  try {
    // A late answer is ignored (the next claim asks again and the gateway answers with the same refund).
    const { refundId } = await within(timeoutMs, Promise.resolve().then(() => gateway.refund({ transactionId: refund.transactionId, amountFen: refund.amountFen })), RefundTimeout);
    return { refund, refundId, error: null };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    return { refund, refundId: null, error: `${name}: ${message}`.slice(0, MAX_ERROR_LENGTH) };
  }
}

interface SettledRefund {
  transactionId: string;
  processId: string | null;
  attempts: number;
  refunded: boolean;
  /** This failure reached the alert threshold: operators are told, once. */
  alert: boolean;
}

/**
 * Asks the gateway for each claimed refund and settles each apart: a row that
 * cannot be settled (logged, its claim lapses and the next pass asks again)
 * never keeps the others from being settled.
 */
async function attemptAndSettle(db: Database, gateway: PaymentGateway, policy: RefundPolicy, claimed: ClaimedRefund[], timeoutMs: number, logger?: Logger) {
  const results = await Promise.all(claimed.map((refund) => attempt(gateway, refund, timeoutMs)));
  const settled: SettledRefund[] = [];
  for (const result of results) {
    try {
      const { rows } = await sqlPool(db).query<SettledRefund>(
        settleRefundAttempt([result.refund.transactionId, result.refund.attempt, result.refundId, result.error, policy.retryBaseSeconds, policy.retryMaxSeconds, policy.alertAfterAttempts]),
      );
      settled.push(...rows);
    } catch (error) {
      logger?.error({ transactionId: result.refund.transactionId, err: { name: (error as Error).name } }, 'refund attempt not settled; asked again once its claim lapses');
    }
  }
  return settled;
}

/** R-G7: the alert for a refund that keeps failing: its transaction, process and attempts, never the payer or the gateway's error. */
function keepsFailingAlert(refund: SettledRefund): OutgoingNotification {
  return {
    id: `refund:${refund.transactionId}:keeps-failing`,
    accountId: 'operators',
    title: 'Refund not confirmed by the payment gateway',
    body:
      `The refund of transaction ${refund.transactionId} (process ${refund.processId ?? 'none: unknown reference'}) has failed ${refund.attempts} attempts; it is still retried. ` +
      'Refunds that keep failing are listed at GET /v1/operator/payments?alerted=true, with their last error.',
  };
}

const leaseMs = (policy: RefundPolicy) => Math.max(policy.quickAttemptMs, policy.sendTimeoutMs) + LEASE_MARGIN_MS;

/** The decision's own attempt: the refund's first, unless the delivery loop holds it. */
async function attemptNow(db: Database, gateway: PaymentGateway, policy: RefundPolicy, transactionId: string): Promise<void> {
  const { rows } = await sqlPool(db).query<ClaimedRefund>(claimRefund([transactionId, leaseMs(policy)]));
  // The decision's attempt is at most the refund's first: far from the alert threshold.
  await attemptAndSettle(db, gateway, policy, rows, policy.quickAttemptMs);
}

export interface RefundDecision {
  processId: string;
  transactionId: string;
  amountFen: number;
  reason: RefundReason;
}

/**
 * R-E5: decides the refund of a payment the recharge judged (once per
 * transaction, never for a credited one) and asks the gateway once; whatever
 * is not confirmed then, the delivery loop asks again. Returns once decided,
 * so the process goes on whether the gateway answered or not.
 */
export async function refundOnce(db: Database, gateway: PaymentGateway, decision: RefundDecision, policy: RefundPolicy = REFUND_DEFAULTS): Promise<void> {
  if (!Number.isSafeInteger(decision.amountFen) || decision.amountFen <= 0) {
    throw new RangeError(`a refund is a positive integer of fen, got ${decision.amountFen}`);
  }
  await sqlPool(db).query(decideRefund([decision.transactionId, decision.processId, decision.amountFen, decision.reason]));
  await attemptNow(db, gateway, policy, decision.transactionId);
}

/** R-E5: decides the refund of a recorded payment no workflow takes; the delivery loop asks the gateway. */
export async function refundStrayPayment(db: Database, transactionId: string, reason: StrayPaymentReason): Promise<void> {
  await sqlPool(db).query(decideStrayRefund([transactionId, reason]));
}

export interface RefundDeliveryDeps {
  db: Database;
  gateway: PaymentGateway;
  policy?: RefundPolicy;
  logger: Logger;
  /** R-G7: where a refund that keeps failing is reported (the operator alert channel, as for notices that spent their attempts). */
  operatorAlerts?: ChannelSender;
  /** Rows taken per statement (default 50). */
  batchSize?: number;
}

export interface RefundRound {
  /** Payments of ended processes that neither took nor refunded, now decided for refund. */
  decided: number;
  /** Refunds the gateway confirmed in this pass. */
  refunded: number;
  /** Refunds whose attempt failed, due again after their backoff. */
  retried: number;
  /** Of those, refunds that reached the alert threshold in this pass (operators alerted). */
  alerted: number;
}

/**
 * R-E5: one pass of the refund delivery loop. First settles the payments of
 * processes that ended without taking them (refunding what is not credited),
 * then claims the due refunds a batch at a time, asks the gateway, and
 * settles each. Logs count and name transactions only, never a payer.
 */
export async function deliverDueRefunds({ db, gateway, policy = REFUND_DEFAULTS, logger, operatorAlerts, batchSize = 50 }: RefundDeliveryDeps): Promise<RefundRound> {
  const round: RefundRound = { decided: 0, refunded: 0, retried: 0, alerted: 0 };
  const pool = sqlPool(db);
  for (;;) {
    const { rows } = await pool.query<{ transactionId: string; decided: boolean }>(settleEndedProcessPayments([batchSize]));
    round.decided += rows.filter((row) => row.decided).length;
    if (rows.length < batchSize) break;
  }
  for (;;) {
    const { rows } = await pool.query<ClaimedRefund>(claimDueRefunds([batchSize, leaseMs(policy)]));
    const settled = await attemptAndSettle(db, gateway, policy, rows, policy.sendTimeoutMs, logger);
    for (const refund of settled) {
      if (refund.refunded) round.refunded += 1;
      else {
        round.retried += 1;
        logger.warn({ transactionId: refund.transactionId, attempts: refund.attempts }, 'refund not confirmed by the gateway; retried after its backoff');
      }
      if (!refund.alert) continue;
      round.alerted += 1;
      // An alert that cannot be sent leaves the refund listed (GET /v1/operator/payments?alerted=true).
      await within(policy.sendTimeoutMs, Promise.resolve().then(() => operatorAlerts?.send(keepsFailingAlert(refund))), RefundTimeout).catch((error: Error) =>
        logger.warn({ transactionId: refund.transactionId, err: { name: error.name } }, 'operator alert for a failing refund not sent'),
      );
    }
    if (rows.length < batchSize) return round;
  }
}
