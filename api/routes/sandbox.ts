import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problemContent } from '../schemas';
import { deliverWechatEvent } from './webhooks';

// Sandbox mode only: stand-ins for a person's phone, like a payment
// provider's test mode, so a process can be driven without signing webhooks.
// Events go through the same delivery path as signed webhooks.

const TicketParam = z.object({ ticket: z.string().min(1).max(64).openapi({ param: { name: 'ticket', in: 'path' } }) });
const Ack = z.object({ received: z.boolean(), duplicate: z.boolean(), ignored: z.string().optional(), eventId: z.string() });

const Person = z.object({ name: z.string().min(1), documentNumber: z.string().min(1) }).openapi('SandboxPerson');

const responses = {
  200: { description: 'Delivered to the process', content: { 'application/json': { schema: Ack } } },
  404: { description: 'Unknown ticket', content: problemContent },
};

const route = (action: 'scan' | 'reject', summary: string) =>
  createRoute({ method: 'post', path: `/v1/sandbox/wechat/tickets/{ticket}/${action}`, tags: ['sandbox'], summary, request: { params: TicketParam }, responses });

const authorizeRoute = createRoute({
  method: 'post',
  path: '/v1/sandbox/wechat/tickets/{ticket}/authorize',
  tags: ['sandbox'],
  summary: "Authorise as the given person (WeChat Pay's real-name record)",
  request: { params: TicketParam, body: { content: { 'application/json': { schema: Person } }, required: true } },
  responses,
});

export function registerSandboxRoutes(app: OpenAPIHono<AuthEnv>, deps: ApiDeps): void {
  if (!deps.config.sandbox) return;
  const deliver = async (event: Parameters<typeof deliverWechatEvent>[1]) => ({ ...(await deliverWechatEvent(deps, event)), eventId: event.eventId });

  app.openapi(route('scan', 'Scan the ticket with WeChat (sandbox)'), async (c) =>
    c.json(await deliver({ eventId: `sandbox-${randomUUID()}`, type: 'scanned', ticket: c.req.valid('param').ticket }), 200),
  );
  app.openapi(authorizeRoute, async (c) => {
    const realName = c.req.valid('json');
    return c.json(await deliver({ eventId: `sandbox-${randomUUID()}`, type: 'authorized', ticket: c.req.valid('param').ticket, realName }), 200);
  });
  app.openapi(route('reject', 'Decline the authorisation (sandbox)'), async (c) =>
    c.json(await deliver({ eventId: `sandbox-${randomUUID()}`, type: 'rejected', ticket: c.req.valid('param').ticket }), 200),
  );
}
