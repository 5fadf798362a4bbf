import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { payoutRouting } from '../../domain';
import { payoutDeliveredSignal } from '../../workflows/enterprise/messages';
import type { AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems, type FieldProblem } from '../problem';
import { drivingWorkflow } from '../process-access';
import { ProcessIdParam, problemContent } from '../schemas';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhook-signature';

// R-E6.4: the bank reports when a payout reached the enterprise's account,
// naming it by the idempotency key we gave it.
const DeliveryBody = z
  .object({
    eventId: z.string().min(1).max(128),
    idempotencyKey: z.string().min(1).max(200),
    deliveredAt: z.iso
      .datetime({ offset: true })
      .openapi({ description: 'When the money arrived (ISO 8601). R-E6.5: the amount window runs from it; neither in the future nor before the payout was sent' }),
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
    400: {
      description: 'Malformed event, or an arrival time in the future or before the payout was sent (R-E6.5; beyond the accepted clock skew)',
      content: problemContent,
    },
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

/**
 * R-E6.5: the amount window runs from the arrival the bank reports, so that
 * time must be one the money could have arrived at: not ahead of this clock
 * nor before the payout was sent (its row is written before the bank is
 * asked), each beyond the clock skew accepted of webhooks. The first
 * reported arrival of a payout is the one kept and sent to the process.
 */
function arrivalProblem(deliveredAt: number, sentAt: number, now: number, skewMs: number): FieldProblem | null {
  const at = (ms: number) => new Date(ms).toISOString();
  if (deliveredAt > now + skewMs) {
    return { field: 'deliveredAt', rule: 'R-E6.5', message: `the reported arrival ${at(deliveredAt)} is in the future (received at ${at(now)}, ${skewMs / 1000} s of clock skew accepted)` };
  }
  if (deliveredAt < sentAt - skewMs) {
    return { field: 'deliveredAt', rule: 'R-E6.5', message: `the reported arrival ${at(deliveredAt)} is before the payout was sent (${at(sentAt)})` };
  }
  return null;
}

async function deliverPayout(
  { db, temporal, config, logger, now = Date.now }: Pick<ApiDeps, 'db' | 'temporal' | 'config' | 'logger' | 'now'>,
  event: { eventId: string; idempotencyKey: string; deliveredAt: number },
) {
  const seen = await db.webhookEvent.findUnique({ where: { provider_eventId: { provider: 'bank', eventId: event.eventId } } });
  if (seen) return { received: true, duplicate: true };
  const payout = await db.payout.findUnique({ where: { idempotencyKey: event.idempotencyKey } });
  if (!payout) throw problems.notFound(`payout ${event.idempotencyKey}`);
  // R-E6.4: the bank refused this payout, so nothing can have arrived: kept as seen, nothing recorded, no process told.
  if (payout.refusedAt !== null) {
    logger.warn({ provider: 'bank', eventId: event.eventId, idempotencyKey: payout.idempotencyKey }, 'bank webhook: delivery report of a refused payout ignored');
    await db.webhookEvent.createMany({ data: [{ provider: 'bank', eventId: event.eventId, processId: payout.processId }], skipDuplicates: true });
    return { received: true, duplicate: false, ignored: 'payout_refused' };
  }
  const problem = arrivalProblem(event.deliveredAt, payout.createdAt.getTime(), now(), config.webhookToleranceSeconds * 1000);
  if (problem) {
    // Not recorded as seen: the bank may send the report again with a time that can be.
    logger.warn({ provider: 'bank', eventId: event.eventId, idempotencyKey: payout.idempotencyKey, problem: problem.message }, 'bank webhook: delivery report refused');
    throw problems.validation([problem]);
  }
  const process = await db.process.findUniqueOrThrow({ where: { id: payout.processId } });
  await db.payout.updateMany({ where: { idempotencyKey: payout.idempotencyKey, deliveredAt: null }, data: { deliveredAt: new Date(event.deliveredAt) } });
  // A later report of the same payout does not move its arrival: the process gets the first one.
  const { deliveredAt } = await db.payout.findUniqueOrThrow({ where: { idempotencyKey: payout.idempotencyKey }, select: { deliveredAt: true } });
  let ignored: string | undefined;
  const routing = payoutRouting(process);
  try {
    if (routing !== 'deliver') ignored = routing;
    else {
      const driving = drivingWorkflow(process);
      await temporal.workflow.getHandle(driving.workflowId, driving.runId).signal(payoutDeliveredSignal, { ...event, deliveredAt: deliveredAt!.getTime() });
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
    const payout = await deps.db.payout.findFirst({ where: { processId, refusedAt: null }, orderBy: { createdAt: 'desc' } });
    if (!payout) throw problems.notFound(`payout of process ${processId}`);
    return c.json(await deliverPayout(deps, { eventId: `sandbox-delivery-${randomUUID()}`, idempotencyKey: payout.idempotencyKey, deliveredAt: Date.now() }), 200);
  });
}
