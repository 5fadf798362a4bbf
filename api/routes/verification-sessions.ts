import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { findVisibleProcess } from '../process-access';
import { ProcessIdParam, problemContent } from '../schemas';
import { SESSION_LIFETIME_SECONDS, type VerificationSessions } from '../verification-session/store';

const VerificationSession = z
  .object({
    url: z.string().url().openapi({ description: 'The hosted verification page, on the API origin; its token is in the URL. Append `?lang=en` for English (Chinese by default).' }),
    expiresAt: z.string().datetime().openapi({ description: 'When the URL stops working; ask for a new session then' }),
  })
  .openapi('VerificationSession');

const createSession = createRoute({
  method: 'post',
  path: '/v1/processes/{processId}/session',
  tags: ['processes'],
  summary: 'A hosted verification page for the holder: a short-lived URL (issue 19)',
  description: [
    `The URL opens a page that follows the process live and lets the holder act on it: the QR code and a fresh one (R-P7), the face check's reason and tries left (R-P8), the recharge instructions (R-E5), the remittance amount (R-E6.5), a rejected review's reason, the outcome, and what happens next and by when.`,
    `It works for VERIFICATION_SESSION_MINUTES (${SESSION_LIFETIME_SECONDS / 60} minutes unless set; \`expiresAt\` says when), for this process only. A new session replaces the one before: the earlier URL stops working at once.`,
    'Its token opens no /v1 operation except this process\'s event stream (GET /v1/processes/{processId}/events?session_token=…).',
    "The account's holder asks for it, or the platform (an operator token) on the holder's behalf.",
  ].join('\n\n'),
  security: [{ bearer: [] }],
  request: { params: ProcessIdParam },
  responses: {
    201: { description: 'The page to send the holder to', content: { 'application/json': { schema: VerificationSession } } },
    404: { description: 'No such process (or not yours)', content: problemContent },
  },
});

export function registerVerificationSessionRoutes(app: OpenAPIHono<AuthEnv>, { db, config }: ApiDeps, sessions: VerificationSessions): void {
  app.openapi(createSession, async (c) => {
    const { processId } = c.req.valid('param');
    const principal = c.get('principal');
    // Someone else's process is missing, as GET answers it.
    const process = await findVisibleProcess(db, principal, processId);
    const issued = await sessions.issue({ processId, accountId: process.accountId }, `${principal.role}:${principal.subject}`, config.api.sessionLifetimeSeconds);
    const url = `${config.api.publicUrl.replace(/\/+$/, '')}/verify/${issued.token}`;
    return c.json({ url, expiresAt: issued.expiresAt.toISOString() }, 201);
  });
}
