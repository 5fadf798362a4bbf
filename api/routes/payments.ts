import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { refundStrayPayment } from '../../activities/enterprise/refunds';
import { SANDBOX_TRANSACTION_PREFIX } from '../../activities/providers/payment-gateway';
import { paymentReferenceCandidates, paymentRouting, REFUND_REASONS, type PaymentOutcome, type RefundReason, type StrayPaymentReason } from '../../domain';
import { sqlPool } from '../../prisma/client';
import { paymentArrivedSignal, type PaymentArrival } from '../../workflows/enterprise/messages';
import { requireOperator, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { decodeCursor, DEFAULT_PAGE_SIZE, NextCursor, PageQuery, pageOf } from '../pagination';
import { drivingWorkflow } from '../process-access';
import { PaymentSchema, RefundSchema, problemContent } from '../schemas';
import { problems } from '../problem';
import { PROBLEM_DETAILS } from '../../domain/texts';
import { paymentView } from '../../read-model/process-view';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhook-signature';

// R-E5: the payment gateway reports arrivals on the payee account. The payer
// quotes the process id as the payment reference.
/** What a memo or a payer name may hold, as a bank's free text; only the first REFERENCE_KEPT characters of a memo are kept. */
const REFERENCE_MAX_LENGTH = 4_000;
const REFERENCE_KEPT = 200;
/** The payments table keeps fen in a 32-bit integer. */
const MAX_AMOUNT_FEN = 2_147_483_647;
/** R-E5: the bank's free text in a payment report, kept whatever it holds (api/reject-nul.ts lets a NUL through here). */
export const PAYMENT_FREE_TEXT = ['payerName', 'reference'] as const;
/** PostgreSQL text cannot hold U+0000: each one becomes U+FFFD, which matches no enterprise name and no process id. */
const keepableText = (text: string): string => text.replace(/\u0000/g, '\uFFFD');
const PaymentBody = z
  .object({
    eventId: z.string().min(1).max(128),
    transactionId: z.string().min(1).max(128),
    // R-E5: whatever the payer wrote (or left empty), the payment is recorded and, unless a recharge takes it, refunded:
    // refusing it would leave the money with no record and no refund.
    reference: z
      .string()
      .max(REFERENCE_MAX_LENGTH)
      .default('')
      .transform(keepableText)
      .openapi({
        description:
          'The process id the payer quoted; spaces and full-width characters are forgiven, and a payment quoting no process that takes payments (an empty or missing memo too) is refunded (unknown_reference)',
      }),
    payerName: z
      .string()
      .max(REFERENCE_MAX_LENGTH)
      .default('')
      .transform(keepableText)
      .openapi({ description: 'As the bank reports it (a missing one is empty); a payer name that is not the enterprise\'s is refunded (wrong_payer)' }),
    amountFen: z.number().int().positive().max(MAX_AMOUNT_FEN).openapi({ description: 'Integer fen (0.01 yuan), at most 2,147,483,647 (21,474,836.47 yuan)' }),
  })
  .openapi('PaymentArrivedEvent');

const Ack = z.object({
  received: z.boolean(),
  duplicate: z.boolean().openapi({ description: 'The event, or its transaction under another event id, was reported before; nothing is done twice' }),
  refund: z
    .object({ reason: z.enum(REFUND_REASONS) })
    .optional()
    .openapi({
      description:
        'R-E5: no verification takes this payment, so it is refunded to its payer (once, by transaction id); unknown_reference when the reference names no process that takes payments. ' +
        'A repeat of a refunded transaction names its refund again.',
    }),
});
const paymentWebhook = createRoute({
  method: 'post',
  path: '/v1/webhooks/payment',
  tags: ['webhooks'],
  summary: 'A payment arrived on the payee account (payment gateway, signed)',
  request: {
    headers: z.object({ [SIGNATURE_HEADER]: z.string().optional(), [TIMESTAMP_HEADER]: z.string().optional() }),
    body: { content: { 'application/json': { schema: PaymentBody } }, required: true },
  },
  responses: {
    200: { description: 'Recorded, and handed to the process or refunded (or a repeat, which has no further effect)', content: { 'application/json': { schema: Ack } } },
    400: { description: 'Malformed event', content: problemContent },
    401: { description: 'Missing, stale or wrong signature', content: problemContent },
    409: { description: 'The event id first reported another transaction (`event-id-reused`): nothing was taken; send the event under an id of its own', content: problemContent },
  },
});

const sandboxPayment = createRoute({
  method: 'post',
  path: '/v1/sandbox/payments',
  tags: ['sandbox'],
  summary: 'Pay into the payee account as the given payer (sandbox)',
  request: { body: { content: { 'application/json': { schema: PaymentBody.omit({ eventId: true, transactionId: true }) } }, required: true } },
  responses: {
    200: { description: 'Recorded, and handed to the process or refunded', content: { 'application/json': { schema: Ack.extend({ transactionId: z.string() }) } } },
    400: { description: 'Malformed payment', content: problemContent },
  },
});

/** What the gateway's books say of a transaction already recorded: where it was routed, whether it is settled, and its refund's reason. */
const KNOWN_PAYMENT = `
  SELECT pay.process_id AS "processId", pay.amount_fen AS "amountFen", pay.routed_to AS "routedTo", pay.received_at AS "receivedAt",
         EXISTS (SELECT 1 FROM ledger_entries l WHERE l.transaction_id = pay.transaction_id) AS credited,
         (SELECT r.reason FROM refunds r WHERE r.transaction_id = pay.transaction_id) AS "refundReason"
    FROM payments pay WHERE pay.transaction_id = $1`;

interface KnownPayment {
  processId: string | null;
  amountFen: number;
  receivedAt: Date;
  routedTo: 'workflow' | 'refund';
  credited: boolean;
  refundReason: RefundReason | null;
}

/** R-E5: the process a payer's reference names, spaces and full-width characters forgiven (domain/process-requests.ts). */
async function processQuoted(db: ApiDeps['db'], reference: string) {
  for (const id of paymentReferenceCandidates(reference)) {
    const process = await db.process.findUnique({ where: { id } });
    if (process) return process;
  }
  return null;
}

/**
 * R-E5: every arrival is recorded once per transaction id before anything is
 * done about it, whatever it quotes. A process in its recharge takes the
 * payment (its workflow credits or refunds it); any other payment is refunded
 * to its payer, one quoting no process that takes payments as
 * `unknown_reference`: the refund is decided here and made by the worker
 * (activities/enterprise/refunds.ts), as is that of a payment whose process
 * ends before taking it. A transaction reported again (under another event id,
 * or quoting another reference) is routed by its record, never by what the
 * repeat quotes, and once settled (credited or refunded) is handed to no
 * workflow: a payment is never both credited and refunded. One not settled yet
 * is handed on again, so a delivery cut short mid-way is completed by the
 * gateway's retry (the workflow ignores a transaction it has seen).
 */
export async function deliverPayment({ db, temporal }: Pick<ApiDeps, 'db' | 'temporal'>, event: PaymentArrival & { reference: string }) {
  const seen = await db.webhookEvent.findUnique({ where: { provider_eventId: { provider: 'payment', eventId: event.eventId } } });
  const {
    rows: [known],
  } = await sqlPool(db).query<KnownPayment>(KNOWN_PAYMENT, [event.transactionId]);
  if (seen) {
    // An event is recorded after its payment: an id seen with no record of this transaction first reported another.
    // Acknowledged as a repeat, this payment would be neither credited nor refunded (R-E5).
    if (!known) throw problems.conflict('event-id-reused', PROBLEM_DETAILS.eventIdReused(event.eventId, 'transaction'), { field: 'eventId', rule: 'R-E5' });
    return { received: true, duplicate: true };
  }
  if (known && (known.credited || known.refundReason !== null)) {
    await db.webhookEvent.createMany({ data: [{ provider: 'payment', eventId: event.eventId, processId: known.processId }], skipDuplicates: true });
    return { received: true, duplicate: true, ...(known.refundReason ? { refund: { reason: known.refundReason } } : {}) };
  }
  const process = known ? known.processId && (await db.process.findUnique({ where: { id: known.processId } })) : await processQuoted(db, event.reference.slice(0, REFERENCE_KEPT));
  // R-E5: which processes take a payment (domain/process-requests.ts); none: refunded as unknown_reference.
  const current = paymentRouting(process ? { ...process, inEnterprisePart: process.partWorkflowId !== null } : null);
  // A payment recorded as stray stays stray: its retry (the refund's write cut short) never reaches a recharge begun since.
  const routing = known?.routedTo === 'refund' && current.to === 'workflow' ? { to: 'refund' as const, reason: 'not_awaiting_payment' as const } : current;
  const { reference, ...reported } = event;
  // The amount and the time of arrival are the recorded ones: a repeat changes nothing about the payment. R-E5's window
  // judges when the payment first reached us, so a delivery retried past the deadline of one received before it counts.
  const arrival = { ...reported, amountFen: known?.amountFen ?? event.amountFen, receivedAt: known ? known.receivedAt.getTime() : Date.now() };
  const recorded = await db.payment.createMany({
    data: [{ transactionId: event.transactionId, eventId: event.eventId, processId: process ? process.id : null, reference: reference.slice(0, REFERENCE_KEPT), amountFen: event.amountFen, routedTo: routing.to }],
    skipDuplicates: true,
  });
  if (recorded.count === 0 && !known) {
    // Another event of this transaction (another event id, perhaps quoting another reference) recorded it at the same
    // moment: that one routes it, by what it recorded. Acting here on this event's own reading could both hand it to one
    // process and refund it against another. A retry of either finds the record.
    await db.webhookEvent.createMany({ data: [{ provider: 'payment', eventId: event.eventId, processId: process ? process.id : null }], skipDuplicates: true });
    return { received: true, duplicate: true };
  }
  let strayReason: StrayPaymentReason | null = routing.to === 'refund' ? routing.reason : null;
  if (routing.to === 'workflow' && process) {
    try {
      const driving = drivingWorkflow(process);
      await temporal.workflow.getHandle(driving.workflowId, driving.runId).signal(paymentArrivedSignal, arrival);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      strayReason = 'process_ended';
    }
  }
  // Never for a credited transaction, and once per transaction whoever decides it (the database refuses both).
  if (strayReason) await refundStrayPayment(db, event.transactionId, strayReason);
  await db.webhookEvent.createMany({ data: [{ provider: 'payment', eventId: event.eventId, processId: process ? process.id : null }], skipDuplicates: true });
  if (recorded.count === 0) return { received: true, duplicate: true };
  return { received: true, duplicate: false, ...(strayReason ? { refund: { reason: strayReason } } : {}) };
}

const OperatorPaymentsQuery = PageQuery.extend({
  processId: z.string().min(1).max(80).optional().openapi({ param: { name: 'processId', in: 'query' }, description: 'Only the payments quoting this process' }),
  outcome: z
    .enum(['pending', 'credited', 'refund_pending', 'refunded'])
    .optional()
    .openapi({ param: { name: 'outcome', in: 'query' }, description: 'Only payments with this outcome; refund_pending lists the refunds the gateway has not confirmed yet' }),
  reason: z
    .enum(REFUND_REASONS)
    .optional()
    .openapi({ param: { name: 'reason', in: 'query' }, description: 'Only payments refunded for this reason; unknown_reference lists those that quoted no process that takes payments' }),
  alerted: z
    .enum(['true'])
    .optional()
    .openapi({ param: { name: 'alerted', in: 'query' }, description: 'true: only refunds that kept failing and were reported to operators (R-G7)' }),
});

const OperatorPayment = PaymentSchema.extend({
  processId: z.string().nullable().openapi({ description: 'The process the reference named; null when it named none (refunded as unknown_reference)' }),
  reference: z.string().nullable().openapi({ description: 'What the payer quoted, as reported; null for payments recorded before it was kept' }),
  accountId: z.string().nullable(),
  eventId: z.string().nullable().openapi({ description: 'The first event that reported it; null for payments recorded before the payments table' }),
  routedTo: z.enum(['workflow', 'refund']).openapi({ description: "workflow: handed to the process's recharge; refund: no verification took it on arrival" }),
  refund: RefundSchema.extend({
    attempts: z.number().int().openapi({ description: 'Times the gateway was asked' }),
    nextAttemptAt: z.string().nullable().openapi({ description: 'When the worker asks again; null once refunded' }),
    lastError: z.string().nullable().openapi({ description: "The last failed attempt's error, its name and at most 200 characters of its message" }),
    gatewayRefundId: z.string().nullable(),
    alertedAt: z.string().nullable().openapi({ description: 'R-G7: when operators were alerted that this refund keeps failing; it is still retried' }),
    verifiedProcessId: z
      .string()
      .nullable()
      .openapi({ description: 'R-E5: the process this payment verified though it had been refunded first, so its account was never credited (operators were alerted); null otherwise' }),
  }).nullable(),
}).openapi('OperatorPayment');

const listPayments = createRoute({
  method: 'get',
  path: '/v1/operator/payments',
  tags: ['operators'],
  summary: 'Payments and their refunds, newest first (operators)',
  description:
    'R-E5: every payment the gateway reported, whatever it quoted, with its outcome: credited, or refunded to its payer and why (unknown_reference: it named no process that takes payments), ' +
    'with the attempts the worker made to have the gateway confirm it and, once it kept failing, when operators were alerted (R-G7). ' +
    'A page at a time: `limit` entries (default 50, at most 200), then `cursor=<nextCursor>` until nextCursor is null.',
  security: [{ bearer: [] }],
  request: { query: OperatorPaymentsQuery },
  responses: {
    200: { description: 'A page of payments', content: { 'application/json': { schema: z.object({ payments: z.array(OperatorPayment), nextCursor: NextCursor }) } } },
    400: { description: 'Invalid filter, limit or cursor', content: problemContent },
    401: { description: 'No valid token', content: problemContent },
    403: { description: 'Operators only', content: problemContent },
  },
});

// Where a page ended: its last payment, by arrival then transaction id (newest first).
const PaymentPosition = z.object({ at: z.number().int().nonnegative().max(8.64e15), transactionId: z.string().min(1).max(128) });

export const OPERATOR_PAYMENTS = `
  SELECT * FROM (
    SELECT pay.transaction_id, pay.event_id, pay.process_id, pay.reference, pr.account_id, pay.amount_fen, pay.routed_to, pay.received_at,
           CASE WHEN l.transaction_id IS NOT NULL THEN 'credited' WHEN r.transaction_id IS NULL THEN 'pending'
                WHEN r.refunded_at IS NULL THEN 'refund_pending' ELSE 'refunded' END AS outcome,
           r.reason AS refund_reason, r.amount_fen AS refund_amount_fen, r.created_at AS refund_decided_at, r.refunded_at,
           r.attempts, r.next_attempt_at, r.last_error, r.gateway_refund_id, r.alerted_at, r.verified_process_id
      FROM payments pay
      LEFT JOIN processes pr ON pr.id = pay.process_id
      LEFT JOIN ledger_entries l ON l.transaction_id = pay.transaction_id
      LEFT JOIN refunds r ON r.transaction_id = pay.transaction_id
     WHERE ($1::text IS NULL OR pay.process_id = $1)
       AND ($6::text IS NULL OR r.reason = $6)
       AND (NOT $7::boolean OR r.alerted_at IS NOT NULL)
       AND ($3::timestamptz IS NULL OR pay.received_at < $3 OR (pay.received_at = $3 AND pay.transaction_id < $4))) listed
   WHERE $2::text IS NULL OR outcome = $2
   ORDER BY received_at DESC, transaction_id DESC
   LIMIT $5`;

interface OperatorPaymentRow {
  transaction_id: string;
  event_id: string | null;
  process_id: string | null;
  reference: string | null;
  account_id: string | null;
  amount_fen: number;
  routed_to: 'workflow' | 'refund';
  received_at: Date;
  outcome: PaymentOutcome;
  refund_reason: RefundReason | null;
  refund_amount_fen: number | null;
  refund_decided_at: Date | null;
  refunded_at: Date | null;
  attempts: number | null;
  next_attempt_at: Date | null;
  last_error: string | null;
  gateway_refund_id: string | null;
  alerted_at: Date | null;
  verified_process_id: string | null;
}

function operatorPaymentView(row: OperatorPaymentRow) {
  const shown = paymentView({
    transactionId: row.transaction_id,
    amountFen: row.amount_fen,
    receivedAt: row.received_at,
    credited: row.outcome === 'credited',
    refund: row.refund_reason === null ? null : { reason: row.refund_reason, amountFen: row.refund_amount_fen!, decidedAt: row.refund_decided_at!, refundedAt: row.refunded_at },
  });
  return {
    ...shown,
    processId: row.process_id,
    reference: row.reference,
    accountId: row.account_id,
    eventId: row.event_id,
    routedTo: row.routed_to,
    refund: shown.refund && {
      ...shown.refund,
      attempts: row.attempts ?? 0,
      nextAttemptAt: row.refunded_at || !row.next_attempt_at ? null : row.next_attempt_at.toISOString(),
      lastError: row.last_error,
      gatewayRefundId: row.gateway_refund_id,
      alertedAt: row.alerted_at?.toISOString() ?? null,
      verifiedProcessId: row.verified_process_id,
    },
  };
}

export function registerPaymentRoutes(app: OpenAPIHono<AuthEnv>, deps: ApiDeps): void {
  app.openapi(paymentWebhook, async (c) => c.json(await deliverPayment(deps, c.req.valid('json')), 200));
  app.openapi(listPayments, async (c) => {
    requireOperator(c.get('principal'));
    const { limit = DEFAULT_PAGE_SIZE, cursor, processId, outcome, reason, alerted } = c.req.valid('query');
    const after = decodeCursor(cursor, PaymentPosition);
    const { rows } = await sqlPool(deps.db).query<OperatorPaymentRow>(OPERATOR_PAYMENTS, [
      processId ?? null,
      outcome ?? null,
      after ? new Date(after.at) : null,
      after?.transactionId ?? null,
      limit + 1,
      reason ?? null,
      alerted === 'true',
    ]);
    const page = pageOf(rows, limit, (last) => ({ at: last.received_at.getTime(), transactionId: last.transaction_id }));
    return c.json({ payments: page.items.map(operatorPaymentView), nextCursor: page.nextCursor }, 200);
  });
  if (!deps.config.sandbox) return;
  app.openapi(sandboxPayment, async (c) => {
    const transactionId = `${SANDBOX_TRANSACTION_PREFIX}${randomUUID()}`;
    const delivered = await deliverPayment(deps, { ...c.req.valid('json'), eventId: transactionId, transactionId });
    return c.json({ ...delivered, transactionId }, 200);
  });
}
