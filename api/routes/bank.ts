import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { payoutRouting } from '../../domain';
import { payoutDeliveredSignal } from '../../workflows/enterprise/messages';
import type { AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems } from '../problem';
import { drivingWorkflow } from '../process-access';
import { ProcessIdParam, problemContent } from '../schemas';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhook-signature';

// R-E6.4: the bank reports when a payout reached the enterprise's account,
// naming it by the idempotency key we gave it.
const DeliveryBody = z
  .object({
    eventId: z.string().min(1).max(128),
    idempotencyKey: z.string().min(1).max(200),
    deliveredAt: z.iso.datetime().openapi({ description: 'When the money arrived (ISO 8601)' }),
  })
  .openapi('PayoutDeliveredEvent');

const Ack = z.object({ received: z.boolean(), duplicate: z.boolean(), ignored: z.string().optional() });

const bankWebhook = createRoute({
  method: 'post',
  path: '/v1/webhooks/bank',
  tags: ['webhooks'],
  summary: 'A remittance payout reached the account (bank, signed)',
  request: {
    headers: z.object({ [SIGNATURE_HEADER]: z.string().optional(), [TIMESTAMP_HEADER]: z.string().optional() }),
    body: { content: { 'application/json': { schema: DeliveryBody } }, required: true },
  },
  responses: {
    200: { description: 'Accepted (or a repeat, which has no effect)', content: { 'application/json': { schema: Ack } } },
    400: { description: 'Malformed event', content: problemContent },
    401: { description: 'Missing, stale or wrong signature', content: problemContent },
    404: { description: 'Unknown payout', content: problemContent },
  },
});

const sandboxDelivery = createRoute({
  method: 'post',
  path: '/v1/sandbox/payouts/{processId}/delivered',
  tags: ['sandbox'],
  summary: "Report the process's latest payout as arrived, as the bank would (sandbox)",
  request: { params: ProcessIdParam },
  responses: {
    200: { description: 'Delivered to the process', content: { 'application/json': { schema: Ack } } },
    404: { description: 'No payout for this process', content: problemContent },
  },
});

async function deliverPayout({ db, temporal }: Pick<ApiDeps, 'db' | 'temporal'>, event: { eventId: string; idempotencyKey: string; deliveredAt: number }) {
  const seen = await db.webhookEvent.findUnique({ where: { provider_eventId: { provider: 'bank', eventId: event.eventId } } });
  if (seen) return { received: true, duplicate: true };
  const payout = await db.payout.findUnique({ where: { idempotencyKey: event.idempotencyKey } });
  if (!payout) throw problems.notFound(`payout ${event.idempotencyKey}`);
  const process = await db.process.findUniqueOrThrow({ where: { id: payout.processId } });
  await db.payout.updateMany({ where: { idempotencyKey: payout.idempotencyKey, deliveredAt: null }, data: { deliveredAt: new Date(event.deliveredAt) } });
  let ignored: string | undefined;
  const routing = payoutRouting(process);
  try {
    if (routing !== 'deliver') ignored = routing;
    else {
      const driving = drivingWorkflow(process);
      await temporal.workflow.getHandle(driving.workflowId, driving.runId).signal(payoutDeliveredSignal, event);
    }
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    ignored = 'process_closed';
  }
  await db.webhookEvent.createMany({ data: [{ provider: 'bank', eventId: event.eventId, processId: process.id }], skipDuplicates: true });
  return { received: true, duplicate: false, ...(ignored ? { ignored } : {}) };
}

export function registerBankRoutes(app: OpenAPIHono<AuthEnv>, deps: ApiDeps): void {
  app.openapi(bankWebhook, async (c) => {
    const body = c.req.valid('json');
    return c.json(await deliverPayout(deps, { ...body, deliveredAt: Date.parse(body.deliveredAt) }), 200);
  });
  if (!deps.config.sandbox) return;
  app.openapi(sandboxDelivery, async (c) => {
    const { processId } = c.req.valid('param');
    const payout = await deps.db.payout.findFirst({ where: { processId }, orderBy: { createdAt: 'desc' } });
    if (!payout) throw problems.notFound(`payout of process ${processId}`);
    return c.json(await deliverPayout(deps, { eventId: `sandbox-delivery-${randomUUID()}`, idempotencyKey: payout.idempotencyKey, deliveredAt: Date.now() }), 200);
  });
}
