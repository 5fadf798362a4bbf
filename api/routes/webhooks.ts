import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Process, QrTicket } from '../../generated/prisma/client';
import type { Database } from '../../prisma/client';
import { sqlPool } from '../../prisma/client';
import { prepared } from '../../prisma/prepared';
import { providerEventRouting } from '../../domain';
import { providerEventSignal, type CodeProvider, type ProviderEvent } from '../../workflows/individual/messages';
import type { AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems, refusal } from '../problem';
import { PROBLEM_DETAILS } from '../../domain/texts';
import { FaceWebhookBody, problemContent, QqWebhookBody, WechatWebhookBody } from '../schemas';
import { checkWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhook-signature';

const WebhookAck = z.object({ received: z.boolean(), duplicate: z.boolean(), ignored: z.string().optional() }).openapi('WebhookAck');

const webhookRoute = <S extends z.ZodType>(provider: CodeProvider, summary: string, schema: S) =>
  createRoute({
    method: 'post',
    path: `/v1/webhooks/${provider}`,
    tags: ['webhooks'],
    summary,
    description:
      'Signed with HMAC-SHA256 over `timestamp.body` using the shared secret: send the hex digest in X-Signature and the Unix timestamp (seconds) in X-Signature-Timestamp; timestamps more than 5 minutes off are refused. An event id has one effect at most.',
    request: {
      headers: z.object({ [SIGNATURE_HEADER]: z.string().optional(), [TIMESTAMP_HEADER]: z.string().optional() }),
      body: { content: { 'application/json': { schema } }, required: true },
    },
    responses: {
      200: { description: 'Accepted (or a repeat, which has no effect)', content: { 'application/json': { schema: WebhookAck } } },
      400: { description: 'Malformed event', content: problemContent },
      401: { description: 'Missing, stale or wrong signature', content: problemContent },
      404: { description: 'Unknown ticket', content: problemContent },
      409: { description: "The event id first reported another process's ticket (`event-id-reused`): nothing was taken; send the event under an id of its own", content: problemContent },
    },
  });

const wechatWebhook = webhookRoute('wechat', 'Events from WeChat about a QR ticket (signed)', WechatWebhookBody);
const qqWebhook = webhookRoute('qq', 'Events from QQ about a QR ticket, bank-card detour included (signed)', QqWebhookBody);
const faceWebhook = webhookRoute('face', 'Results of the live face check for a mini-program code (signed)', FaceWebhookBody);

// Plain SQL on the pool under Prisma: every verification's scan and authorisation arrive here (BENCHMARKS.md).
export const SEEN_EVENT = 'SELECT process_id FROM webhook_events WHERE provider = $1 AND event_id = $2';
export const TICKET_PROCESS = `
  SELECT t.provider, t.process_id, p.status, COALESCE(p.part_workflow_id, p.workflow_id) AS workflow_id, COALESCE(p.part_run_id, p.run_id) AS run_id
    FROM qr_tickets t JOIN processes p ON p.id = t.process_id WHERE t.ticket = $1`;
const RECORD_EVENT = 'INSERT INTO webhook_events (provider, event_id, process_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING';
const seenEvent = prepared('seen-event', SEEN_EVENT);
const ticketProcess = prepared('ticket-process', TICKET_PROCESS);
const recordEvent = prepared('record-event', RECORD_EVENT);

type TicketWithProcess = Pick<QrTicket, 'provider' | 'processId'> & { process: Pick<Process, 'status' | 'workflowId' | 'runId'> };

async function findTicket(db: Database, ticket: string): Promise<TicketWithProcess | null> {
  const { rows } = await sqlPool(db).query<{ provider: string; process_id: string; status: string; workflow_id: string; run_id: string }>(ticketProcess([ticket]));
  const row = rows[0];
  if (!row) return null;
  return { provider: row.provider, processId: row.process_id, process: { status: row.status, workflowId: row.workflow_id, runId: row.run_id } };
}

/**
 * Delivers a verified provider event to its process: at most once per event id
 * here, and the workflow ignores repeats too. A ticket issued by another
 * provider is acknowledged and ignored.
 */
export async function deliverProviderEvent({ db, temporal }: Pick<ApiDeps, 'db' | 'temporal'>, event: ProviderEvent) {
  const { provider, eventId } = event;
  const seen = await sqlPool(db).query<{ process_id: string | null }>(seenEvent([provider, eventId]));
  const ticket = await findTicket(db, event.ticket);
  if (seen.rows.length > 0) {
    // The id first reported a ticket of another process (or none we issued): acknowledged as a repeat, this event
    // would reach no process, which then waits for a scan it was sent.
    const first = seen.rows[0]!.process_id;
    if (first !== null && ticket?.processId !== first) throw problems.conflict('event-id-reused', PROBLEM_DETAILS.eventIdReused(eventId, 'ticket'), { field: 'eventId', rule: 'R-P4' });
    return { received: true, duplicate: true };
  }
  if (!ticket) throw problems.notFound(`ticket ${event.ticket}`);
  let ignored: string | undefined;
  const routing = providerEventRouting(ticket.provider, provider, ticket.process);
  if (routing !== 'deliver') {
    ignored = routing;
  } else {
    try {
      // R-P7: stamped here, so a code still usable when the report came is judged so however late the worker takes it.
      await temporal.workflow.getHandle(ticket.process.workflowId, ticket.process.runId).signal(providerEventSignal, { ...event, receivedAt: Date.now() });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      ignored = 'process_closed';
    }
  }
  await sqlPool(db).query(recordEvent([provider, eventId, ticket.processId]));
  return { received: true, duplicate: false, ...(ignored ? { ignored } : {}) };
}

export function registerWebhookRoutes(app: OpenAPIHono<AuthEnv>, deps: ApiDeps): void {
  const { config, now = Date.now } = deps;
  // Issue 20, R-P10: Tencent FaceID never calls back; its results are read from Tencent with our
  // credentials (api/routes/tencent-face-return.ts, the worker's backstop). A face webhook would be
  // a second door to a pass, opened by WEBHOOK_SECRET_FACE alone, so it is not served then.
  const faceByWebhook = config.providers.face !== 'tencent';
  // The signature covers the raw bytes, so it is checked before the body is parsed.
  for (const provider of ['wechat', 'qq', ...(faceByWebhook ? (['face'] as const) : []), 'payment', 'bank'] as const) {
    app.use(`/v1/webhooks/${provider}`, async (c, next) => {
      const raw = await c.req.text();
      const check = checkWebhookSignature(
        config.webhookSecrets[provider],
        config.webhookToleranceSeconds,
        now(),
        c.req.header(TIMESTAMP_HEADER),
        c.req.header(SIGNATURE_HEADER),
        raw,
      );
      if (!check.ok) {
        deps.logger.warn({ provider, reason: check.reason }, 'webhook refused');
        deps.metrics?.webhookRefused(provider, check.reason);
        throw refusal(401, 'bad-signature', PROBLEM_DETAILS.webhookSignature(check.reason));
      }
      await next();
    });
  }

  app.openapi(wechatWebhook, async (c) => c.json(await deliverProviderEvent(deps, { provider: 'wechat', ...c.req.valid('json') }), 200));
  app.openapi(qqWebhook, async (c) => c.json(await deliverProviderEvent(deps, { provider: 'qq', ...c.req.valid('json') }), 200));
  if (faceByWebhook) app.openapi(faceWebhook, async (c) => c.json(await deliverProviderEvent(deps, { provider: 'face', ...c.req.valid('json') }), 200));
}
