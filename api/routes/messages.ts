import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAccountAccess, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { PROBLEM_DETAILS } from '../../domain/texts';
import { problems } from '../problem';
import { AccountIdParam, problemContent } from '../schemas';

const MessageSchema = z
  .object({ id: z.string(), processId: z.string().nullable(), title: z.string(), body: z.string(), createdAt: z.string(), read: z.boolean() })
  .openapi('Message');

const listMessages = createRoute({
  method: 'get',
  path: '/v1/accounts/{accountId}/messages',
  tags: ['messages'],
  summary: "The account's message centre, newest first (R-G5)",
  security: [{ bearer: [] }],
  request: {
    params: AccountIdParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
  },
  responses: {
    200: { description: 'Messages', content: { 'application/json': { schema: z.object({ messages: z.array(MessageSchema), unread: z.number() }) } } },
    404: { description: 'No such account (or not yours)', content: problemContent },
  },
});

const markRead = createRoute({
  method: 'post',
  path: '/v1/accounts/{accountId}/messages/{messageId}/read',
  tags: ['messages'],
  summary: 'Mark a message read',
  security: [{ bearer: [] }],
  request: { params: AccountIdParam.extend({ messageId: z.string().min(1).max(200) }) },
  responses: {
    200: { description: 'The message', content: { 'application/json': { schema: MessageSchema } } },
    404: { description: 'No such message (or not yours)', content: problemContent },
  },
});

type MessageRow = { id: string; processId: string | null; title: string; body: string; createdAt: Date; readAt: Date | null };
const view = (m: MessageRow) => ({ id: m.id, processId: m.processId, title: m.title, body: m.body, createdAt: m.createdAt.toISOString(), read: m.readAt !== null });

export function registerMessageRoutes(app: OpenAPIHono<AuthEnv>, { db }: ApiDeps): void {
  app.openapi(listMessages, async (c) => {
    const { accountId } = c.req.valid('param');
    requireAccountAccess(c.get('principal'), accountId);
    const [messages, unread] = await Promise.all([
      db.message.findMany({ where: { accountId }, orderBy: { createdAt: 'desc' }, take: c.req.valid('query').limit }),
      db.message.count({ where: { accountId, readAt: null } }),
    ]);
    return c.json({ messages: messages.map(view), unread }, 200);
  });

  app.openapi(markRead, async (c) => {
    const { accountId, messageId } = c.req.valid('param');
    const principal = c.get('principal');
    requireAccountAccess(principal, accountId);
    // Read or unread is the holder's own state of their message centre; operators only look.
    if (principal.role !== 'holder') throw problems.forbidden(PROBLEM_DETAILS.holderOnly('read-messages'));
    const message = await db.message.findFirst({ where: { id: messageId, accountId } });
    if (!message) throw problems.notFound(`message ${messageId}`);
    const updated = message.readAt ? message : await db.message.update({ where: { id: messageId }, data: { readAt: new Date() } });
    return c.json(view(updated), 200);
  });
}
