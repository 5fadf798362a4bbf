import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { newSigningSecret, sealedSigningSecret } from '../../activities/webhook-delivery';
import { nonPublicWebhookHost } from '../../activities/webhook-url-guard';
import { EVENT_TYPES, WEBHOOK_ORDERINGS } from '../../domain/webhook-events';
import { requireOperator, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { decodeCursor, DEFAULT_PAGE_SIZE, NextCursor, PageQuery, pageOf } from '../pagination';
import { problems } from '../problem';
import { PROBLEM_DETAILS } from '../../domain/texts';
import { problemContent } from '../schemas';

// Issue 19: the platform's event webhooks (operators register them). Events are
// queued with the steps they report and delivered by the worker apart from the
// processes (activities/webhook-delivery.ts), signed per Standard Webhooks.

const security = [{ bearer: [] }];
const EventType = z.enum(EVENT_TYPES);
const Ordering = z.enum(WEBHOOK_ORDERINGS).openapi({
  description:
    "`per_process`: a process's events reach this endpoint one at a time in the order they were recorded (data.seq): a later one waits until the earlier ones are delivered, or given up after three days. " +
    '`none` (the default, as Stripe does): each event is sent when due, so one being retried may arrive after later ones. A resend is a repeat outside the order either way.',
});

const EndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(EventType),
    ordering: Ordering,
    status: z.enum(['enabled', 'disabled']),
    disabledAt: z.string().nullable(),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
    secretRotatedAt: z.string().nullable(),
  })
  .openapi('WebhookEndpoint');

const EndpointWithSecret = EndpointSchema.extend({
  secret: z.string().openapi({ description: 'The signing secret (`whsec_` + base64), answered only here: keep it, it is never listed' }),
}).openapi('WebhookEndpointWithSecret');

const DeliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string().openapi({ description: 'The webhook-id header: the same on every attempt and resend' }),
    eventType: z.string(),
    processId: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().openapi({ description: "The receiver's last HTTP status; null when it could not be reached" }),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookDelivery');

const EndpointBody = z
  .object({
    url: z
      .string()
      .url()
      .max(2000)
      .refine((url) => /^https?:\/\//i.test(url), 'http or https only')
      // The platform knows us by the webhook signature; a password in the URL would be sent with every
      // delivery and shown to every operator who lists the endpoints.
      .refine((url) => URL.canParse(url) && new URL(url).username === '' && new URL(url).password === '', 'no user name or password in the URL'),
    eventTypes: z.array(EventType).min(1).max(EVENT_TYPES.length),
    ordering: Ordering.optional(),
  })
  .openapi('WebhookEndpointRequest');

const EndpointUpdate = z
  .object({
    eventTypes: z.array(EventType).min(1).max(EVENT_TYPES.length).optional().openapi({ description: 'Applies to events queued from now on' }),
    ordering: Ordering.optional(),
  })
  .strict()
  .refine((body) => body.eventTypes !== undefined || body.ordering !== undefined, 'name eventTypes, ordering or both')
  .openapi('WebhookEndpointUpdate');

const EndpointIdParam = z.object({ endpointId: z.string().min(1).max(100).openapi({ param: { name: 'endpointId', in: 'path' } }) });
const DeliveryIdParam = z.object({ deliveryId: z.string().min(1).max(100).openapi({ param: { name: 'deliveryId', in: 'path' } }) });

const common = {
  401: { description: 'No valid token', content: problemContent },
  403: { description: 'Operators only', content: problemContent },
};

const createEndpoint = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints',
  tags: ['webhooks'],
  summary: 'Register an endpoint for event webhooks; answers its signing secret once (operators)',
  security,
  request: { body: { content: { 'application/json': { schema: EndpointBody } }, required: true } },
  responses: {
    201: { description: 'The endpoint and its signing secret', content: { 'application/json': { schema: EndpointWithSecret } } },
    400: { description: 'Not a URL, one that is not a public address outside sandbox mode, or an unknown event type', content: problemContent },
    ...common,
  },
});

const listEndpoints = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints',
  tags: ['webhooks'],
  summary: 'The registered endpoints, without their secrets (operators)',
  security,
  responses: { 200: { description: 'Every endpoint', content: { 'application/json': { schema: z.object({ endpoints: z.array(EndpointSchema) }) } } }, ...common },
});

const rotateSecret = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{endpointId}/secret',
  tags: ['webhooks'],
  summary: 'Rotate the signing secret: deliveries from now on are signed with the new one only (operators)',
  security,
  request: { params: EndpointIdParam },
  responses: {
    200: { description: 'The endpoint and its new signing secret', content: { 'application/json': { schema: EndpointWithSecret } } },
    404: { description: 'No such endpoint', content: problemContent },
    ...common,
  },
});

const updateEndpoint = createRoute({
  method: 'patch',
  path: '/v1/webhook-endpoints/{endpointId}',
  tags: ['webhooks'],
  summary: 'Change the event types or the ordering of an endpoint (operators)',
  description:
    'A new ordering applies to the deliveries not yet sent: from `none` to `per_process`, a process\'s pending deliveries go one at a time from the earliest; from `per_process` to `none`, the ones waiting go at once.',
  security,
  request: { params: EndpointIdParam, body: { content: { 'application/json': { schema: EndpointUpdate } }, required: true } },
  responses: {
    200: { description: 'The endpoint as it is now', content: { 'application/json': { schema: EndpointSchema } } },
    400: { description: 'An unknown event type or ordering, another field, or nothing to change', content: problemContent },
    404: { description: 'No such endpoint', content: problemContent },
    ...common,
  },
});

const deleteEndpoint = createRoute({
  method: 'delete',
  path: '/v1/webhook-endpoints/{endpointId}',
  tags: ['webhooks'],
  summary: 'Remove an endpoint: nothing more is delivered to it, its pending deliveries are dropped (operators)',
  security,
  request: { params: EndpointIdParam },
  responses: {
    204: { description: 'Removed, with its secret and its deliveries' },
    404: { description: 'No such endpoint', content: problemContent },
    ...common,
  },
});

const listDeliveries = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{endpointId}/deliveries',
  tags: ['webhooks'],
  summary: "An endpoint's deliveries, newest first (operators)",
  description: 'A page at a time: `limit` deliveries (default 50, at most 200), then the next page from `cursor=<nextCursor>`.',
  security,
  request: { params: EndpointIdParam, query: PageQuery },
  responses: {
    200: { description: 'A page of deliveries', content: { 'application/json': { schema: z.object({ deliveries: z.array(DeliverySchema), nextCursor: NextCursor }) } } },
    400: { description: 'Invalid limit or cursor', content: problemContent },
    404: { description: 'No such endpoint', content: problemContent },
    ...common,
  },
});

const resendDelivery = createRoute({
  method: 'post',
  path: '/v1/webhook-deliveries/{deliveryId}/resend',
  tags: ['webhooks'],
  summary: 'Deliver an event again, with the same webhook-id and body, within three more days (operators)',
  description:
    "A delivered or given-up delivery is sent again as a repeat outside the process's order: it does not wait for the process's pending events and they do not wait for it (the receiver tells it by its webhook-id and data.seq). " +
    'A pending one is tried at once, keeping its place: to a `per_process` endpoint it still goes only after the earlier ones.',
  security,
  request: { params: DeliveryIdParam },
  responses: {
    202: { description: 'Queued: the worker sends it on its next pass', content: { 'application/json': { schema: DeliverySchema } } },
    404: { description: 'No such delivery', content: problemContent },
    409: { description: 'The endpoint is disabled', content: problemContent },
    ...common,
  },
});

type EndpointRow = { id: string; url: string; eventTypes: string[]; ordering: string; disabledAt: Date | null; disabledReason: string | null; createdAt: Date; secretRotatedAt: Date | null };
const iso = (date: Date | null) => (date ? date.toISOString() : null);

function endpointView(row: EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes as Array<z.infer<typeof EventType>>,
    ordering: row.ordering as z.infer<typeof Ordering>,
    status: row.disabledAt ? ('disabled' as const) : ('enabled' as const),
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
    secretRotatedAt: iso(row.secretRotatedAt),
  };
}

type DeliveryRow = {
  id: string; endpointId: string; eventId: string; attempts: number; lastStatus: number | null; lastError: string | null;
  nextAttemptAt: Date; deliveredAt: Date | null; failedAt: Date | null; createdAt: Date; event: { type: string; processId: string };
};

function deliveryView(row: DeliveryRow) {
  const status = row.deliveredAt ? ('delivered' as const) : row.failedAt ? ('failed' as const) : ('pending' as const);
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.event.type,
    processId: row.event.processId,
    status,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    nextAttemptAt: status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: iso(row.deliveredAt),
    failedAt: iso(row.failedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

const RELEASE_UNORDERED = `
  UPDATE webhook_deliveries SET next_attempt_at = now()
   WHERE endpoint_id = $1 AND delivered_at IS NULL AND failed_at IS NULL AND resent_at IS NULL AND attempts = 0 AND next_attempt_at > now()`;

const DeliveryPosition = z.object({ at: z.number().int().nonnegative().max(8.64e15), id: z.string().min(1).max(300) });
const withEvent = { event: { select: { type: true, processId: true } } } as const;

export function registerWebhookEndpointRoutes(app: OpenAPIHono<AuthEnv>, { db, config }: ApiDeps): void {
  // The secret is answered here once and stored sealed to its row (prisma/sealed.ts).
  app.openapi(createEndpoint, async (c) => {
    requireOperator(c.get('principal'));
    const { url, eventTypes, ordering = 'none' } = c.req.valid('json');
    // Security review (r19): outside sandbox, no endpoint inside our own network (loopback, private, link-local, metadata).
    const inside = config.sandbox || config.webhookAllowPrivateUrls ? null : await nonPublicWebhookHost(url);
    if (inside !== null) throw problems.validation([{ field: 'url', rule: 'issue 19', message: `a public address outside sandbox mode (${inside}); WEBHOOK_ALLOW_PRIVATE_URLS=true allows others` }]);
    const id = `whe_${randomUUID().replaceAll('-', '')}`;
    const secret = newSigningSecret();
    const row = await db.webhookEndpoint.create({
      data: { id, url, eventTypes: [...new Set(eventTypes)], ordering, secret: sealedSigningSecret(secret, id, config.payloadKeys) },
      omit: { secret: true },
    });
    return c.json({ ...endpointView(row), secret }, 201);
  });

  app.openapi(listEndpoints, async (c) => {
    requireOperator(c.get('principal'));
    const rows = await db.webhookEndpoint.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], omit: { secret: true } });
    return c.json({ endpoints: rows.map(endpointView) }, 200);
  });

  app.openapi(rotateSecret, async (c) => {
    requireOperator(c.get('principal'));
    const { endpointId } = c.req.valid('param');
    const secret = newSigningSecret();
    const { count } = await db.webhookEndpoint.updateMany({
      where: { id: endpointId },
      data: { secret: sealedSigningSecret(secret, endpointId, config.payloadKeys), secretRotatedAt: new Date() },
    });
    if (count === 0) throw problems.notFound('webhook endpoint');
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId }, omit: { secret: true } });
    return c.json({ ...endpointView(row), secret }, 200);
  });

  app.openapi(updateEndpoint, async (c) => {
    requireOperator(c.get('principal'));
    const { endpointId } = c.req.valid('param');
    const { eventTypes, ordering } = c.req.valid('json');
    const { count } = await db.webhookEndpoint.updateMany({
      where: { id: endpointId },
      data: { ...(eventTypes ? { eventTypes: [...new Set(eventTypes)] } : {}), ...(ordering ? { ordering } : {}) },
    });
    if (count === 0) throw problems.notFound('webhook endpoint');
    // Deliveries the order put off (activities/webhook-delivery.ts HOLD_LATER) are due at once when nothing orders them any more.
    if (ordering === 'none') await db.$executeRawUnsafe(RELEASE_UNORDERED, endpointId);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId }, omit: { secret: true } });
    return c.json(endpointView(row), 200);
  });

  // As Stripe's: an endpoint the platform no longer runs stops being tried (rather than failing until disabled).
  app.openapi(deleteEndpoint, async (c) => {
    requireOperator(c.get('principal'));
    const { endpointId } = c.req.valid('param');
    const { count } = await db.webhookEndpoint.deleteMany({ where: { id: endpointId } });
    if (count === 0) throw problems.notFound('webhook endpoint');
    return c.body(null, 204);
  });

  app.openapi(listDeliveries, async (c) => {
    requireOperator(c.get('principal'));
    const { endpointId } = c.req.valid('param');
    const { limit = DEFAULT_PAGE_SIZE, cursor } = c.req.valid('query');
    const after = decodeCursor(cursor, DeliveryPosition);
    if (!(await db.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { id: true } }))) throw problems.notFound('webhook endpoint');
    const page = pageOf(
      await db.webhookDelivery.findMany({
        where: {
          endpointId,
          ...(after ? { OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }] } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        include: withEvent,
      }),
      limit,
      (last) => ({ at: last.createdAt.getTime(), id: last.id }),
    );
    return c.json({ deliveries: page.items.map(deliveryView), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(resendDelivery, async (c) => {
    requireOperator(c.get('principal'));
    const { deliveryId } = c.req.valid('param');
    const existing = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: { select: { disabledAt: true } } } });
    if (!existing) throw problems.notFound('webhook delivery');
    if (existing.endpoint.disabledAt) throw problems.conflict('webhook-endpoint-disabled', PROBLEM_DETAILS.webhookEndpointDisabled());
    // Queued again as new (its three days start over), under the same event id and body. A settled one
    // comes back as a repeat outside the process's order; a pending one keeps its place in it.
    const settled = existing.deliveredAt !== null || existing.failedAt !== null;
    const row = await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { deliveredAt: null, failedAt: null, nextAttemptAt: new Date(), createdAt: new Date(), ...(settled ? { resentAt: new Date() } : {}) },
      include: withEvent,
    });
    return c.json(deliveryView(row), 202);
  });
}
