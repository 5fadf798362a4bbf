// Issue 22 with issue 19: the events this system sends to the platform's registered endpoints
// (activities/webhook-delivery.ts), in the document's `webhooks` section, so a generated client
// types them and a reader sees their signature.
import { EVENT_TYPES, type EventType } from '../domain/webhook-events';
import { PROCESS_EXAMPLE } from './openapi-examples';

const SUMMARIES: Record<EventType, string> = {
  'process.started': 'A process was started (its first step follows as process.step_changed)',
  'review.decided': 'An operator approved or rejected a manual review (R-E6.3, R-C5.4; data.review)',
  'payment.refunded': 'The payment gateway confirmed a refund to the payer (R-E5; data.refund)',
  'process.step_changed': 'A process moved to another step',
  'process.verified': 'A verification succeeded',
  'process.failed': 'A process failed (its reason in data.process.failureReason)',
  'change.completed': 'A change of the verified subject was applied (R-C3)',
  'change.revoked': 'A change was revoked before its outcome (R-C3)',
};

/** An event's own facts beside the view, for the types that have them (activities/platform-events.ts). */
const DETAILS: Partial<Record<EventType, Record<string, unknown>>> = {
  'review.decided': {
    review: { reviewId: 'rev_example', kind: 'enterprise_remittance', decision: 'rejected', rules: ['R-E6.3'], decidedAt: '2026-12-02T08:00:00.000Z' },
  },
  'payment.refunded': {
    refund: { transactionId: 'txn_example', amountFen: 1, reason: 'wrong_amount', refundedAt: '2026-12-02T08:00:00.000Z' },
  },
};

const REVIEW_SCHEMA = {
  type: 'object',
  description: 'review.decided only: the decision (never the reviewer\'s free-text reason, which no event\'s process view carries either; GET /v1/processes/{processId} answers it)',
  required: ['reviewId', 'kind', 'decision', 'rules', 'decidedAt'],
  properties: {
    reviewId: { type: 'string' },
    kind: { type: 'string' },
    decision: { type: 'string', enum: ['approved', 'rejected'] },
    rules: { type: 'array', items: { type: 'string' } },
    decidedAt: { type: 'string', format: 'date-time' },
  },
};

const REFUND_SCHEMA = {
  type: 'object',
  description: 'payment.refunded only: the refunded payment (the gateway transaction) and why (R-E5)',
  required: ['transactionId', 'amountFen', 'reason', 'refundedAt'],
  properties: {
    transactionId: { type: 'string' },
    amountFen: { type: 'integer', description: 'Integer fen' },
    reason: { type: 'string' },
    refundedAt: { type: 'string', format: 'date-time' },
  },
};

/** What the example's step and status are for each type. */
const ENDS: Record<EventType, { step: string; status: string }> = {
  'process.started': { step: 'starting', status: 'open' },
  'review.decided': { step: 'in_review', status: 'open' },
  'payment.refunded': { step: 'awaiting_payment', status: 'open' },
  'process.step_changed': { step: 'awaiting_scan', status: 'open' },
  'process.verified': { step: 'verified', status: 'verified' },
  'process.failed': { step: 'failed', status: 'failed' },
  'change.completed': { step: 'changed', status: 'changed' },
  'change.revoked': { step: 'revoked', status: 'revoked' },
};

const operationIdOf = (type: EventType) => `on${type.split(/[._]/).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('')}`;

const header = (name: string, description: string, example: string) => ({ name, in: 'header', required: true, description, schema: { type: 'string' }, example });

/** The `webhooks` section: one POST per event type, signed per Standard Webhooks. */
export function platformWebhooks() {
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: operationIdOf(type),
          summary: SUMMARIES[type],
          description:
            'Sent to every enabled endpoint subscribed to this type (POST /v1/webhook-endpoints), at least once, retried with back-off for up to three days with the same webhook-id; order by data.seq. Verify the signature with any Standard Webhooks library and the endpoint secret.',
          tags: ['webhook-endpoints'],
          security: [],
          parameters: [
            header('webhook-id', 'The event id, the same on every retry', `evt_prc_example_3`),
            header('webhook-timestamp', 'Unix seconds of this attempt', '1796083200'),
            header('webhook-signature', 'v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret>', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='),
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'type', 'timestamp', 'data'],
                  properties: {
                    id: { type: 'string' },
                    type: { type: 'string', enum: [type] },
                    timestamp: { type: 'string', format: 'date-time' },
                    data: {
                      type: 'object',
                      required: ['processId', 'accountId', 'seq', 'step', 'status', 'process', ...(type === 'review.decided' ? ['review'] : type === 'payment.refunded' ? ['refund'] : [])],
                      properties: {
                        processId: { type: 'string' },
                        accountId: { type: 'string' },
                        seq: { type: 'integer' },
                        step: { type: 'string' },
                        status: { type: 'string' },
                        process: { $ref: '#/components/schemas/Process' },
                        ...(type === 'review.decided' ? { review: REVIEW_SCHEMA } : {}),
                        ...(type === 'payment.refunded' ? { refund: REFUND_SCHEMA } : {}),
                      },
                    },
                  },
                },
                example: {
                  id: 'evt_prc_example_3',
                  type,
                  timestamp: '2026-12-02T08:00:00.000Z',
                  data: {
                    processId: PROCESS_EXAMPLE.processId,
                    accountId: PROCESS_EXAMPLE.accountId,
                    seq: type === 'process.started' ? 0 : 3,
                    ...ENDS[type],
                    ...DETAILS[type],
                    process: { ...PROCESS_EXAMPLE, ...ENDS[type], ...(type === 'process.step_changed' ? {} : { qrCode: null }) },
                  },
                },
              },
            },
          },
          responses: {
            '200': { description: 'Taken: any 2xx ends the retries' },
            '400': { description: 'Refused (for example a bad signature): retried, then the endpoint is disabled' },
          },
        },
      },
    ]),
  );
}
