// Issue 22 with issue 19: the events this system sends to the platform's registered endpoints
// (activities/webhook-delivery.ts), in the document's `webhooks` section, so a generated client
// types them and a reader sees their signature.
import { EVENT_TYPES, type EventType } from '../activities/webhook-delivery';
import { PROCESS_EXAMPLE } from './openapi-examples';

const SUMMARIES: Record<EventType, string> = {
  'process.step_changed': 'A process moved to another step',
  'process.verified': 'A verification succeeded',
  'process.failed': 'A process failed (its reason in data.process.failureReason)',
  'change.completed': 'A change of the verified subject was applied (R-C3)',
  'change.revoked': 'A change was revoked before its outcome (R-C3)',
};

/** What the example's step and status are for each type. */
const ENDS: Record<EventType, { step: string; status: string }> = {
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
                      required: ['processId', 'accountId', 'seq', 'step', 'status', 'process'],
                      properties: {
                        processId: { type: 'string' },
                        accountId: { type: 'string' },
                        seq: { type: 'integer' },
                        step: { type: 'string' },
                        status: { type: 'string' },
                        process: { $ref: '#/components/schemas/Process' },
                      },
                    },
                  },
                },
                example: {
                  id: 'evt_prc_example_3',
                  type,
                  timestamp: '2026-12-02T08:00:00.000Z',
                  data: { processId: PROCESS_EXAMPLE.processId, accountId: PROCESS_EXAMPLE.accountId, seq: 3, ...ENDS[type], process: { ...PROCESS_EXAMPLE, ...ENDS[type], ...(type === 'process.step_changed' ? {} : { qrCode: null }) } },
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
