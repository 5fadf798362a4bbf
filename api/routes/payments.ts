import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { paymentRouting } from '../../domain';
import { paymentArrivedSignal, type PaymentArrival } from '../../workflows/enterprise/messages';
import type { AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems } from '../problem';
import { drivingWorkflow } from '../process-access';
import { problemContent } from '../schemas';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhook-signature';

// R-E5: the payment gateway reports arrivals on the payee account. The payer
// quotes the process id as the payment reference.
const PaymentBody = z
  .object({
    eventId: z.string().min(1).max(128),
    transactionId: z.string().min(1).max(128),
    reference: z.string().min(1).max(80).openapi({ description: 'The process id the payer quoted' }),
    payerName: z.string().min(1).max(200),
    amountFen: z.number().int().positive().max(1_000_000_000).openapi({ description: 'Integer fen (0.01 yuan)' }),
  })
  .openapi('PaymentArrivedEvent');

const Ack = z.object({ received: z.boolean(), duplicate: z.boolean(), ignored: z.string().optional() });

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
    200: { description: 'Accepted (or a repeat, which has no effect)', content: { 'application/json': { schema: Ack } } },
    400: { description: 'Malformed event', content: problemContent },
    401: { description: 'Missing, stale or wrong signature', content: problemContent },
    404: { description: 'Unknown reference', content: problemContent },
  },
});

const sandboxPayment = createRoute({
  method: 'post',
  path: '/v1/sandbox/payments',
  tags: ['sandbox'],
  summary: 'Pay into the payee account as the given payer (sandbox)',
  request: { body: { content: { 'application/json': { schema: PaymentBody.omit({ eventId: true, transactionId: true }) } }, required: true } },
  responses: {
    200: { description: 'Delivered to the process', content: { 'application/json': { schema: Ack.extend({ transactionId: z.string() }) } } },
    404: { description: 'Unknown reference', content: problemContent },
  },
});

export async function deliverPayment({ db, temporal }: Pick<ApiDeps, 'db' | 'temporal'>, event: PaymentArrival & { reference: string }) {
  const seen = await db.webhookEvent.findUnique({ where: { provider_eventId: { provider: 'payment', eventId: event.eventId } } });
  if (seen) return { received: true, duplicate: true };
  const process = await db.process.findUnique({ where: { id: event.reference } });
  // R-E5: which processes take a payment (domain/process-requests.ts).
  const routing = paymentRouting(process);
  if (!process || routing === 'unknown_reference') throw problems.notFound(`payment reference ${event.reference}`);
  let ignored: string | undefined;
  const { reference: _reference, ...arrival } = event;
  try {
    if (routing !== 'deliver') ignored = routing;
    else {
      const driving = drivingWorkflow(process);
      await temporal.workflow.getHandle(driving.workflowId, driving.runId).signal(paymentArrivedSignal, arrival);
    }
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    ignored = 'process_closed';
  }
  await db.webhookEvent.createMany({ data: [{ provider: 'payment', eventId: event.eventId, processId: process.id }], skipDuplicates: true });
  return { received: true, duplicate: false, ...(ignored ? { ignored } : {}) };
}

export function registerPaymentRoutes(app: OpenAPIHono<AuthEnv>, deps: ApiDeps): void {
  app.openapi(paymentWebhook, async (c) => c.json(await deliverPayment(deps, c.req.valid('json')), 200));
  if (!deps.config.sandbox) return;
  app.openapi(sandboxPayment, async (c) => {
    const transactionId = `sandbox-tx-${randomUUID()}`;
    const delivered = await deliverPayment(deps, { ...c.req.valid('json'), eventId: transactionId, transactionId });
    return c.json({ ...delivered, transactionId }, 200);
  });
}
