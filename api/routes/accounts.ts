import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import { requireAccountAccess, requireOperator, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems } from '../problem';
import { PROBLEM_DETAILS } from '../../domain/texts';
import { Account, AccountIdParam, CreateAccountBody, problemContent } from '../schemas';
import { accountView } from '../views';

const security = [{ bearer: [] }];

const createAccount = createRoute({
  method: 'post',
  path: '/v1/accounts',
  tags: ['accounts'],
  summary: 'Create an account (operator)',
  security,
  request: { body: { content: { 'application/json': { schema: CreateAccountBody } }, required: true } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: Account } } },
    400: { description: 'Invalid input', content: problemContent },
    409: { description: 'The id is taken', content: problemContent },
  },
});

const getAccount = createRoute({
  method: 'get',
  path: '/v1/accounts/{accountId}',
  tags: ['accounts'],
  summary: 'Verification status and masked subject of an account',
  security,
  request: { params: AccountIdParam },
  responses: {
    200: { description: 'The account', content: { 'application/json': { schema: Account } } },
    404: { description: 'No such account (or not yours)', content: problemContent },
  },
});

export function registerAccountRoutes(app: OpenAPIHono<AuthEnv>, { db, config }: ApiDeps): void {
  app.openapi(createAccount, async (c) => {
    requireOperator(c.get('principal'));
    const body = c.req.valid('json');
    const id = body.id ?? `acc_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    const existing = await db.account.findUnique({ where: { id } });
    if (existing) throw problems.conflict('account-exists', PROBLEM_DETAILS.accountExists(id));
    // Two requests for one id both pass the read above: the loser's insert is the unique violation (P2002), the same 409.
    const account = await db.account.create({ data: { id, displayName: body.displayName } }).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw problems.conflict('account-exists', PROBLEM_DETAILS.accountExists(id));
      throw error;
    });
    return c.json(accountView(account, null, config.payloadKeys), 201);
  });

  app.openapi(getAccount, async (c) => {
    const { accountId } = c.req.valid('param');
    requireAccountAccess(c.get('principal'), accountId);
    const account = await db.account.findUnique({ where: { id: accountId } });
    if (!account) throw problems.notFound(`account ${accountId}`);
    const open = await db.process.findFirst({ where: { accountId, status: 'open' }, select: { id: true } });
    return c.json(accountView(account, open?.id ?? null, config.payloadKeys), 200);
  });
}
