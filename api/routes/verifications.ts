import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { allowedMethods, individualMethodProblem, mayStartVerification, recommendedMethod, validateIndividualIdentity } from '../../domain';
import type { Account, Process } from '../../generated/prisma/client';
import type { Database } from '../../prisma/client';
import { sqlPool } from '../../prisma/client';
import { prepared } from '../../prisma/prepared';
import {
  INDIVIDUAL_FIRST_STATUS,
  INDIVIDUAL_REVISION,
  qrCodeUpdate,
  type IndividualVerificationInput,
} from '../../workflows/individual/messages';
import { requireAccountAccess, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems } from '../problem';
import { AccountIdParam, StartedProcess, StartVerificationBody, problemContent } from '../schemas';
import { processIdFor, startProcessWithUpdate, updateRefusal } from '../start-process';
import { qrCodeView } from '../views';

const startVerification = createRoute({
  method: 'post',
  path: '/v1/accounts/{accountId}/verifications',
  tags: ['verifications'],
  summary: 'Start a verification of the account (its holder)',
  description: 'Answers with the process id and the QR code to display. An Idempotency-Key makes a retried start return the same process.',
  security: [{ bearer: [] }],
  request: {
    params: AccountIdParam,
    headers: z.object({ 'idempotency-key': z.string().min(8).max(128).optional() }),
    body: { content: { 'application/json': { schema: StartVerificationBody } }, required: true },
  },
  responses: {
    200: { description: 'The same process, for a retried start', content: { 'application/json': { schema: StartedProcess } } },
    201: { description: 'Started', content: { 'application/json': { schema: StartedProcess } } },
    400: { description: 'Invalid input, naming each field and rule', content: problemContent },
    404: { description: 'No such account (or not yours)', content: problemContent },
    409: { description: 'Already verified, or another process is open (R-G2)', content: problemContent },
  },
});

/**
 * The account and the process a retried start made, in one round trip. Plain
 * SQL on the pool under Prisma: every verification starts here (BENCHMARKS.md).
 */
export const ACCOUNT_AND_RETRIED_PROCESS = `
  SELECT a.status AS account_status, p.status, p.step, p.workflow_id, p.run_id
    FROM accounts a LEFT JOIN processes p ON p.id = $2 WHERE a.id = $1`;

const accountAndRetriedProcess = prepared('account-and-retried-process', ACCOUNT_AND_RETRIED_PROCESS);

interface AccountAndRetried {
  account: Pick<Account, 'status'>;
  retried: Pick<Process, 'status' | 'step' | 'workflowId' | 'runId'> | null;
}

async function findAccountAndRetried(db: Database, accountId: string, processId: string): Promise<AccountAndRetried | null> {
  const { rows } = await sqlPool(db).query<{ account_status: Account['status']; status: string | null; step: string; workflow_id: string; run_id: string }>(
    accountAndRetriedProcess([accountId, processId]),
  );
  const row = rows[0];
  if (!row) return null;
  const retried = row.status === null ? null : { status: row.status, step: row.step, workflowId: row.workflow_id, runId: row.run_id };
  return { account: { status: row.account_status }, retried };
}

export function registerVerificationRoutes(app: OpenAPIHono<AuthEnv>, { db, temporal, config, now = Date.now }: ApiDeps): void {
  app.openapi(startVerification, async (c) => {
    const { accountId } = c.req.valid('param');
    const principal = c.get('principal');
    requireAccountAccess(principal, accountId);
    if (principal.role !== 'holder') throw problems.forbidden("only the account's holder starts its verification");
    const body = c.req.valid('json');
    const idempotencyKey = c.req.valid('header')['idempotency-key'];

    const identity = validateIndividualIdentity(body.applicant, now());
    if (!identity.ok) {
      throw problems.validation(identity.problems.map((p) => ({ field: `applicant.${p.field}`, rule: p.rule, message: p.message })));
    }
    const methodProblem = individualMethodProblem(identity.documentType, body.method);
    if (methodProblem) throw problems.validation([methodProblem]);

    const processId = processIdFor(accountId, idempotencyKey);
    const found = await findAccountAndRetried(db, accountId, processId);
    if (!found) throw problems.notFound(`account ${accountId}`);
    const { account, retried } = found;
    if (!retried && !mayStartVerification(account.status)) {
      throw problems.conflict('account-already-verified', `account ${accountId} is already verified as ${account.status}; change the subject instead`);
    }

    const input: IndividualVerificationInput = {
      processId,
      accountId,
      method: body.method,
      applicant: {
        name: body.applicant.name,
        documentType: identity.documentType,
        documentNumber: identity.normalisedNumber,
        birthDate: identity.birthDate,
        industry: body.applicant.industry,
        address: body.applicant.address,
      },
      durations: {
        qrValidity: config.durations.qrValidity,
        abandonment: config.durations.individualAbandonment,
        bankCardDeadline: config.durations.qqBankCardDeadline,
      },
      faceMaxTries: config.limits.faceMaxTries,
      maxCodes: config.limits.codesPerProcess,
      revision: INDIVIDUAL_REVISION,
    };
    const start = {
      db,
      temporal,
      taskQueue: config.temporal.taskQueue,
      workflowType: 'individualVerification',
      processId,
      accountId,
      kind: 'individual_verification',
      method: body.method,
      args: input,
      firstStatus: INDIVIDUAL_FIRST_STATUS,
    };
    const qrCode = !retried
      ? await startProcessWithUpdate(start, qrCodeUpdate).catch(updateRefusal)
      : retried.status === 'open'
        ? await temporal.workflow.getHandle(retried.workflowId, retried.runId).executeUpdate(qrCodeUpdate).catch(updateRefusal)
        : null;
    if (!qrCode) throw problems.conflict('process-closed', `process ${processId} already ended as ${retried!.status}`, { processId });
    return c.json(
      {
        processId,
        status: 'open',
        step: retried?.step ?? INDIVIDUAL_FIRST_STATUS,
        qrCode: qrCodeView(qrCode),
        allowedMethods: [...allowedMethods(identity.documentType)],
        recommendedMethod: recommendedMethod(identity.documentType),
      },
      retried ? 200 : 201,
    );
  });
}
