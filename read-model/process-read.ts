// The process read model, shared by the API (GET /v1/processes/{id}, the event
// stream) and the worker's platform events (activities/webhook-delivery.ts):
// one read, one view, so a webhook's body is what GET answers.
import type { RefundReason } from '../domain';
import type { Process, ProcessStep } from '../generated/prisma/client';
import { sqlPool, type Database } from '../prisma/client';
import { prepared } from '../prisma/prepared';

interface Row {
  id: string;
  account_id: string;
  workflow_id: string;
  run_id: string;
  part_workflow_id: string | null;
  part_run_id: string | null;
  kind: string;
  method: string | null;
  status: string;
  step: string;
  failure_reason: string | null;
  deadlines: unknown;
  action: unknown;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  steps: Array<{ process_id: string; seq: number; step: string; at: string; detail: unknown }>;
  payments: PaymentRecordRow[];
  document_type: string | null;
  setback_steps: Array<{ step: string; detail: unknown }>;
}

/** R-E5: a payment that quoted the process, with its credit or its refund (as json_agg writes it). */
export interface PaymentRecordRow {
  transaction_id: string;
  amount_fen: number;
  received_at: string;
  credited: boolean;
  refund_reason: RefundReason | null;
  refund_amount_fen: number | null;
  refund_decided_at: string | null;
  refunded_at: string | null;
}

/** Steps the process view embeds, the latest ones; GET /v1/processes/{id}/steps pages through all of them. */
export const EMBEDDED_STEPS = 50;

/** Payments the process view embeds, the latest ones; GET /v1/operator/payments?processId= lists all of them. */
export const EMBEDDED_PAYMENTS = 50;

/** A payment as the process view shows it. */
export interface PaymentRecord {
  transactionId: string;
  amountFen: number;
  receivedAt: Date;
  credited: boolean;
  refund: { reason: RefundReason; amountFen: number; decidedAt: Date; refundedAt: Date | null } | null;
}

// One step (and payment) more than embedded is read, to know whether older ones were left out.
export const PROCESS_WITH_STEPS = `
  SELECT p.id, p.account_id, p.workflow_id, p.run_id, p.part_workflow_id, p.part_run_id, p.kind, p.method, p.document_type, p.status, p.step,
         p.failure_reason, p.deadlines, p.action, p.created_at, p.updated_at, p.completed_at,
    COALESCE((SELECT json_agg(s ORDER BY s.seq) FROM (
      SELECT * FROM process_steps WHERE process_id = p.id ORDER BY seq DESC LIMIT ${EMBEDDED_STEPS + 1}) s), '[]'::json) AS steps,
    COALESCE((SELECT json_agg(m ORDER BY m.received_at, m.transaction_id) FROM (
      SELECT pay.transaction_id, pay.amount_fen, pay.received_at, l.transaction_id IS NOT NULL AS credited,
             r.reason AS refund_reason, r.amount_fen AS refund_amount_fen, r.created_at AS refund_decided_at, r.refunded_at
        FROM payments pay
        LEFT JOIN ledger_entries l ON l.transaction_id = pay.transaction_id
        LEFT JOIN refunds r ON r.transaction_id = pay.transaction_id
       WHERE pay.process_id = p.id ORDER BY pay.received_at DESC, pay.transaction_id DESC LIMIT ${EMBEDDED_PAYMENTS + 1}) m), '[]'::json) AS payments,
    -- R-P6: every step of an individual verification that speaks against a method, embedded or not (as the start weighs them).
    CASE WHEN p.kind = 'individual_verification' THEN COALESCE((SELECT json_agg(json_build_object('step', s.step, 'detail', s.detail) ORDER BY s.seq) FROM (
      SELECT seq, step, detail FROM process_steps WHERE process_id = p.id AND (step = 'face_failed' OR detail ?| array['authorizationRejected', 'bankCardDeadlinePassed'])
       ORDER BY seq LIMIT 100) s), '[]'::json) ELSE '[]'::json END AS setback_steps
    FROM processes p WHERE p.id = $1`;

/** R-P6: a step that speaks against a method (domain/individual-methods.ts setbacksOfSteps reads it). */
export interface SetbackStep {
  step: string;
  detail: unknown;
}

/**
 * Prepared once per connection: with the steps, the payments and the setbacks
 * the statement takes PostgreSQL longer to plan than to run, and planning it at
 * every poll served half the requests per second (BENCHMARKS.md, Tuning).
 * Its columns are named, not `p.*`: a prepared statement whose result type a
 * migration changes (a column added to processes) fails on every connection
 * that holds it, so adding a column must leave it alone.
 */
const readProcess = prepared('read-process-with-steps', PROCESS_WITH_STEPS);

const date = (value: string | null): Date | null => (value === null ? null : new Date(value));

export function paymentRecord(row: PaymentRecordRow): PaymentRecord {
  return {
    transactionId: row.transaction_id,
    amountFen: row.amount_fen,
    receivedAt: new Date(row.received_at),
    credited: row.credited,
    refund:
      row.refund_reason === null
        ? null
        : { reason: row.refund_reason, amountFen: row.refund_amount_fen!, decidedAt: new Date(row.refund_decided_at!), refundedAt: date(row.refunded_at) },
  };
}

/**
 * A process, its latest EMBEDDED_STEPS steps and its latest EMBEDDED_PAYMENTS
 * payments (R-E5) in one round trip, on the pool
 * under Prisma: this is the read clients poll, and Prisma's include costs a
 * second query while its query interpreter, even for a raw query, cost half the
 * route's throughput (BENCHMARKS.md). Errors are pg's own, which api/unavailable.ts maps to 503.
 */
export async function readProcessWithSteps(
  db: Database,
  processId: string,
): Promise<(Process & { steps: ProcessStep[]; stepsTruncated: boolean; payments: PaymentRecord[]; paymentsTruncated: boolean; setbackSteps: SetbackStep[] }) | null> {
  const { rows } = await sqlPool(db).query<Row>(readProcess([processId]));
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    accountId: row.account_id,
    workflowId: row.workflow_id,
    runId: row.run_id,
    partWorkflowId: row.part_workflow_id,
    partRunId: row.part_run_id,
    kind: row.kind,
    method: row.method,
    documentType: row.document_type,
    status: row.status,
    step: row.step,
    failureReason: row.failure_reason,
    deadlines: row.deadlines as Process['deadlines'],
    action: row.action as Process['action'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    stepsTruncated: row.steps.length > EMBEDDED_STEPS,
    steps: row.steps.slice(-EMBEDDED_STEPS).map((s) => ({ processId: s.process_id, seq: s.seq, step: s.step, at: new Date(s.at), detail: s.detail as ProcessStep['detail'] })),
    paymentsTruncated: row.payments.length > EMBEDDED_PAYMENTS,
    payments: row.payments.slice(-EMBEDDED_PAYMENTS).map(paymentRecord),
    setbackSteps: row.setback_steps,
  };
}
