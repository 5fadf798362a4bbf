import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { sealedPlaces, unseal } from '../../prisma/sealed';
import { requireOperator, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems } from '../problem';
import { AccountIdParam, problemContent } from '../schemas';

const UnmaskedSubject = z
  .object({
    accountId: z.string(),
    subject: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'The subject in clear; null while the account is unverified' }),
    auditId: z.string().openapi({ description: 'The audit row this read wrote' }),
    at: z.string(),
  })
  .openapi('UnmaskedSubject');

const readUnmasked = createRoute({
  method: 'get',
  path: '/v1/accounts/{accountId}/subject/unmasked',
  tags: ['accounts'],
  summary: "An account's subject in clear (operators; every read is audited)",
  description:
    'Personal data leaves the API masked by default. An operator who needs the clear subject (a support case, a legal request) names why; who, when, which account and the reason are written to subject_access_audit before the subject is returned.',
  security: [{ bearer: [] }],
  request: {
    params: AccountIdParam,
    // Checked in the handler, after the role: a holder learns only that the route is not theirs.
    query: z.object({ reason: z.string().max(500).optional().openapi({ description: 'Mandatory: why the clear subject is needed; kept in the audit' }) }),
  },
  responses: {
    200: { description: 'The clear subject', content: { 'application/json': { schema: UnmaskedSubject } } },
    400: { description: 'No reason given', content: problemContent },
    401: { description: 'No valid token', content: problemContent },
    403: { description: 'Operators only', content: problemContent },
    404: { description: 'No such account', content: problemContent },
  },
});

export function registerSubjectAccessRoutes(app: OpenAPIHono<AuthEnv>, { db, config, logger }: ApiDeps): void {
  app.openapi(readUnmasked, async (c) => {
    const principal = c.get('principal');
    requireOperator(principal);
    const { accountId } = c.req.valid('param');
    const reason = c.req.valid('query').reason?.trim() ?? '';
    if (reason.length < 3) throw problems.validation([{ field: 'reason', message: 'say why the clear subject is needed (at least 3 characters); it is audited' }]);
    const account = await db.account.findUnique({ where: { id: accountId }, select: { subject: true } });
    if (!account) throw problems.notFound(`account ${accountId}`);
    // The audit row first: no clear subject leaves without its record.
    const audit = await db.subjectAccessAudit.create({ data: { id: randomUUID(), accountId, operator: principal.subject, reason } });
    logger.info({ operator: principal.subject, accountId, auditId: audit.id }, 'unmasked subject read');
    const subject = unseal<Record<string, unknown>>(account.subject, config.payloadKeys, sealedPlaces.accountSubject(accountId));
    return c.json({ accountId, subject, auditId: audit.id, at: audit.at.toISOString() }, 200);
  });
}
