import { answeredWithin } from '../answer-wait';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { PROBLEM_DETAILS } from '../../domain/texts';
import {
  allowedMethods,
  individualMethodProblem,
  mayStartVerification,
  recommendedMethod,
  setbackOfFailure,
  setbacksOfSteps,
  validateIndividualIdentity,
  type MethodSetback,
} from '../../domain';
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
import { AccountIdParam, IdempotencyKeyHeader, StartedProcess, StartVerificationBody, problemContent } from '../schemas';
import { processIdFor, requestHash, retriedStart, startProcessWithUpdate, updateRefusal } from '../start-process';
import { qrCodeView } from '../../read-model/process-view';
import { verificationRecheck } from '../verification-recheck';

const startVerification = createRoute({
  method: 'post',
  path: '/v1/accounts/{accountId}/verifications',
  tags: ['verifications'],
  summary: 'Start a verification of the account (its holder)',
  description:
    'Answers with the process id and the QR code to display. An Idempotency-Key makes a retried start return the same process; the key with another body, or a key that started another kind of process, is 422 `idempotency-key-reused`. A retry is compared with its start only while Temporal still keeps the process\'s history; after that it is judged by kind alone. A retry answers 503 when Temporal cannot be reached.',
  security: [{ bearer: [] }],
  request: {
    params: AccountIdParam,
    headers: IdempotencyKeyHeader,
    body: { content: { 'application/json': { schema: StartVerificationBody } }, required: true },
  },
  responses: {
    200: { description: 'The same process, for a retried start', content: { 'application/json': { schema: StartedProcess } } },
    201: { description: 'Started', content: { 'application/json': { schema: StartedProcess } } },
    400: { description: 'Invalid input, naming each field and rule', content: problemContent },
    404: { description: 'No such account (or not yours)', content: problemContent },
    409: { description: 'Already verified, another process is open (R-G2), or a retry\'s process has ended (`process-closed`)', content: problemContent },
    422: { description: 'The Idempotency-Key started a process with another request (`idempotency-key-reused`)', content: problemContent },
  },
});

/**
 * The account and the process a retried start made, in one round trip, with
 * what R-P6's recommendation weighs: how the account's latest failed individual
 * verifications ended, and the setbacks in the retried process's steps (failed
 * face checks, declined authorisations, passed bank-card deadlines). Plain
 * SQL on the pool under Prisma: every verification starts here (BENCHMARKS.md).
 */
export const ACCOUNT_AND_RETRIED_PROCESS = `
  SELECT a.status AS account_status, p.status, p.kind, p.step, p.workflow_id, p.run_id,
      COALESCE((SELECT json_agg(json_build_object('method', e.method, 'failureReason', e.failure_reason)) FROM (
          SELECT method, failure_reason FROM processes
            WHERE account_id = $1 AND id <> $2 AND kind = 'individual_verification' AND status = 'failed'
            ORDER BY created_at DESC LIMIT 10) e), '[]'::json) AS earlier_failures,
      COALESCE((SELECT json_agg(json_build_object('step', s.step, 'detail', s.detail)) FROM (
          SELECT step, detail FROM process_steps
            WHERE process_id = $2 AND (step = 'face_failed' OR detail ?| array['authorizationRejected', 'bankCardDeadlinePassed'])
            ORDER BY seq LIMIT 100) s), '[]'::json) AS setback_steps
    FROM accounts a LEFT JOIN processes p ON p.id = $2 WHERE a.id = $1`;

const accountAndRetriedProcess = prepared('account-and-retried-process', ACCOUNT_AND_RETRIED_PROCESS);

interface AccountAndRetried {
  account: Pick<Account, 'status'>;
  retried: Pick<Process, 'status' | 'kind' | 'step' | 'workflowId' | 'runId'> | null;
  /** R-P6: what already went wrong, in the account's earlier verifications and in this process. */
  setbacks: MethodSetback[];
}

interface AccountAndRetriedRow {
  account_status: Account['status'];
  status: string | null;
  kind: string;
  step: string;
  workflow_id: string;
  run_id: string;
  earlier_failures: Array<{ method: string | null; failureReason: string | null }>;
  setback_steps: Array<{ step: string; detail: unknown }>;
}

async function findAccountAndRetried(db: Database, accountId: string, processId: string): Promise<AccountAndRetried | null> {
  const { rows } = await sqlPool(db).query<AccountAndRetriedRow>(accountAndRetriedProcess([accountId, processId]));
  const row = rows[0];
  if (!row) return null;
  const retried = row.status === null ? null : { status: row.status, kind: row.kind, step: row.step, workflowId: row.workflow_id, runId: row.run_id };
  const setbacks = [
    ...row.earlier_failures.flatMap((failure) => setbackOfFailure(failure.method, failure.failureReason) ?? []),
    ...setbacksOfSteps(row.setback_steps),
  ];
  return { account: { status: row.account_status }, retried, setbacks };
}

export function registerVerificationRoutes(app: OpenAPIHono<AuthEnv>, { db, temporal, config, now = Date.now }: ApiDeps): void {
  app.openapi(startVerification, async (c) => {
    const { accountId } = c.req.valid('param');
    const principal = c.get('principal');
    requireAccountAccess(principal, accountId);
    if (principal.role !== 'holder') throw problems.forbidden(PROBLEM_DETAILS.holderOnly('start'));
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
    const { account, retried, setbacks } = found;
    // Of the document as normalised (R-P1, R-P2): a retry writing the check character x as X, or the type in capitals, is the same request.
    const hash = requestHash(config.identityHashSecret, 'individual_verification', {
      ...body,
      applicant: { ...body.applicant, documentType: identity.documentType, documentNumber: identity.normalisedNumber },
    });
    if (retried) {
      // Security finding 5: a retry is the same request or 422, checked before anything is asked of the
      // process: not a key that started an enterprise verification or a change of this account (the same
      // derived id, another kind), nor one with another applicant or method. Only a retry describes the
      // workflow; a process started before starts kept a hash (none in its memo) is taken on its kind alone.
      await retriedStart(temporal, { id: processId, ...retried }, { kind: 'individual_verification', requestHash: hash });
    }
    if (!retried && !mayStartVerification(account.status)) {
      throw problems.conflict('account-already-verified', PROBLEM_DETAILS.accountAlreadyVerified(accountId, account.status));
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
      // An individual start carries no documents.
      record: { requestHash: hash, documentIds: [] },
      recheck: verificationRecheck(db, accountId),
    };
    // A start that raced its own retry and joined the process that retry started is a retry too: 200.
    const { result: qrCode, joined } = !retried
      ? await answeredWithin({ temporal, config }, () => startProcessWithUpdate(start, qrCodeUpdate)).catch(updateRefusal)
      : {
          result:
            retried.status === 'open'
              ? await answeredWithin({ temporal, config }, () => temporal.workflow.getHandle(retried.workflowId, retried.runId).executeUpdate(qrCodeUpdate)).catch(updateRefusal)
              : null,
          joined: false,
        };
    if (!qrCode) throw problems.conflict('process-closed', PROBLEM_DETAILS.processEndedAs(processId, retried!.status), { processId });
    return c.json(
      {
        processId,
        status: 'open',
        step: retried?.step ?? INDIVIDUAL_FIRST_STATUS,
        qrCode: qrCodeView(qrCode),
        allowedMethods: [...allowedMethods(identity.documentType)],
        // R-P6: from the document and what already went wrong for this account.
        recommendedMethod: recommendedMethod(identity.documentType, setbacks),
      },
      retried || joined ? 200 : 201,
    );
  });
}
