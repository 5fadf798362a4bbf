import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { requireOperator, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { decodeCursor, DEFAULT_PAGE_SIZE, NextCursor, PageQuery, pageOf } from '../pagination';
import { problemContent } from '../schemas';

const NoticeSchema = z
  .object({
    id: z.string().openapi({ description: 'process:outcome[:occurrence]:channel' }),
    accountId: z.string(),
    processId: z.string().nullable(),
    kind: z.string().openapi({ description: 'The outcome notified: verified, failed, review_approved, review_rejected, payout_overdue (R-E6.4: check the bank details), payout_refused (R-E6.4: the bank refused the account; correct the bank details)' }),
    channel: z.enum(['sms', 'email', 'wechat']),
    status: z.enum(['pending', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'When the delivery loop tries it next; null once failed' }),
    lastError: z.string().nullable().openapi({ description: "The last attempt's error (name and start of its message)" }),
    failedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Notice');

const listNotices = createRoute({
  method: 'get',
  path: '/v1/operator/notices',
  tags: ['notices'],
  summary: 'Outcome notices not delivered: still retried (pending) or out of attempts (failed), oldest first (operators)',
  description:
    'R-G7: notices are delivered apart from their process, retried with backoff, and marked failed after NOTICE_MAX_ATTEMPTS attempts. ' +
    'A page at a time: `limit` notices (default 50, at most 200), then the next page from `cursor=<nextCursor>` until nextCursor is null.',
  security: [{ bearer: [] }],
  request: {
    query: PageQuery.extend({
      status: z.enum(['pending', 'failed']).default('failed'),
      channel: z.enum(['sms', 'email', 'wechat']).optional(),
    }),
  },
  responses: {
    200: { description: 'A page of notices', content: { 'application/json': { schema: z.object({ notices: z.array(NoticeSchema), nextCursor: NextCursor }) } } },
    400: { description: 'Invalid status, channel, limit or cursor', content: problemContent },
    401: { description: 'No valid token', content: problemContent },
    403: { description: 'Operators only', content: problemContent },
  },
});

// Where a page ended: its last notice, by creation time then id (both fixed for a row's life).
const NoticePosition = z.object({ at: z.number().int().nonnegative().max(8.64e15), id: z.string().min(1).max(300) });

/** R-G7: the operators' view of the notices a channel could not deliver (the alert and realname_notices_failed point here). */
export function registerNoticeRoutes(app: OpenAPIHono<AuthEnv>, { db }: ApiDeps): void {
  app.openapi(listNotices, async (c) => {
    requireOperator(c.get('principal'));
    const { status, channel, limit = DEFAULT_PAGE_SIZE, cursor } = c.req.valid('query');
    const after = decodeCursor(cursor, NoticePosition);
    const page = pageOf(
      await db.notification.findMany({
        where: {
          sentAt: null,
          failedAt: status === 'failed' ? { not: null } : null,
          channel: channel ?? { not: 'message_centre' },
          ...(after ? { OR: [{ createdAt: { gt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { gt: after.id } }] } : {}),
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit + 1,
        // Never the payload: what the account reads is theirs, not the operators'.
        select: { id: true, accountId: true, processId: true, kind: true, channel: true, attempts: true, nextAttemptAt: true, lastError: true, failedAt: true, createdAt: true },
      }),
      limit,
      (last) => ({ at: last.createdAt.getTime(), id: last.id }),
    );
    const notices = page.items.map((notice) => ({
      id: notice.id,
      accountId: notice.accountId,
      processId: notice.processId,
      kind: notice.kind,
      channel: notice.channel as 'sms' | 'email' | 'wechat',
      status,
      attempts: notice.attempts,
      nextAttemptAt: notice.failedAt ? null : notice.nextAttemptAt.toISOString(),
      lastError: notice.lastError,
      failedAt: notice.failedAt?.toISOString() ?? null,
      createdAt: notice.createdAt.toISOString(),
    }));
    return c.json({ notices, nextCursor: page.nextCursor }, 200);
  });
}
