import { answeredWithin } from '../answer-wait';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { PROBLEM_DETAILS } from '../../domain/texts';
import { mayStartVerification } from '../../domain';
import { verificationRecheck } from '../verification-recheck';
import { processOpenedUpdate } from '../../workflows/enterprise/messages';
import { requireAccountAccess, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems, type FieldProblem } from '../problem';
import { AccountIdParam, IdempotencyKeyHeader, problemContent } from '../schemas';
import { processIdFor, requestHash, retriedStart, startProcessWithUpdate, updateRefusal } from '../start-process';
import { enterpriseInput, EnterpriseStartFields } from '../enterprise-start';
import { enterpriseDocumentIds, recordDocumentReferences } from '../document-references';

const StartEnterpriseBody = z.object(EnterpriseStartFields).openapi('StartEnterpriseVerification');

const StartedEnterprise = z.object({ processId: z.string(), status: z.string() }).openapi('StartedEnterpriseProcess');

const startEnterprise = createRoute({
  method: 'post',
  path: '/v1/accounts/{accountId}/enterprise-verifications',
  tags: ['verifications'],
  summary: 'Start an enterprise verification (its holder)',
  description:
    'R-E2 basic information, then the chosen R-E4 method with what it needs. GET the process for what to do next: the code to scan (WeChat Official Account, legal person WeChat QR or face), the amount to pay and the payee account (recharge, R-E5), or the handler face check and the review (remittance, R-E6). An Idempotency-Key makes a retried start return the same process.',
  security: [{ bearer: [] }],
  request: {
    params: AccountIdParam,
    headers: IdempotencyKeyHeader,
    body: { content: { 'application/json': { schema: StartEnterpriseBody } }, required: true },
  },
  responses: {
    200: { description: 'The same process, for a retried start', content: { 'application/json': { schema: StartedEnterprise } } },
    201: { description: 'Started', content: { 'application/json': { schema: StartedEnterprise } } },
    400: { description: 'Invalid input, naming each field and rule', content: problemContent },
    404: { description: 'No such account (or not yours)', content: problemContent },
    409: { description: 'Already verified, or another process is open (R-G2)', content: problemContent },
    422: { description: 'The Idempotency-Key started a process with another request (`idempotency-key-reused`)', content: problemContent },
  },
});

export function registerEnterpriseVerificationRoutes(app: OpenAPIHono<AuthEnv>, { db, temporal, config, now = Date.now }: ApiDeps): void {
  app.openapi(startEnterprise, async (c) => {
    const { accountId } = c.req.valid('param');
    const principal = c.get('principal');
    requireAccountAccess(principal, accountId);
    if (principal.role !== 'holder') throw problems.forbidden(PROBLEM_DETAILS.holderOnly('start'));
    const body = c.req.valid('json');
    const account = await db.account.findUnique({ where: { id: accountId } });
    if (!account) throw problems.notFound(`account ${accountId}`);
    const processId = processIdFor(accountId, c.req.valid('header')['idempotency-key']);

    // R-E2, R-E4: every field checked, every problem reported at once.
    const errors: FieldProblem[] = [];
    const input = await enterpriseInput({ db, config, now: now() }, accountId, processId, body, errors);
    if (errors.length > 0) throw problems.validation(errors);

    const hash = requestHash(config.identityHashSecret, 'enterprise_verification', body);
    const retried = await db.process.findUnique({ where: { id: processId } });
    if (retried) {
      // Security finding 5: the same request or 422; checked above, and of its documents only those the
      // original start carried are recorded (a crash between that start and its record below leaves them unrecorded).
      const original = new Set((await retriedStart(temporal, retried, { kind: 'enterprise_verification', requestHash: hash })).documentIds);
      await recordDocumentReferences(db, accountId, processId, enterpriseDocumentIds(input).filter((id) => original.has(id)), now());
      return c.json({ processId, status: retried.status }, 200);
    }
    if (!mayStartVerification(account.status)) {
      throw problems.conflict('account-already-verified', PROBLEM_DETAILS.accountAlreadyVerified(accountId, account.status));
    }
    // Answered once the process row exists, so the GET that follows finds it.
    const { joined } = await answeredWithin({ temporal, config }, () =>
      startProcessWithUpdate(
      {
        db,
        temporal,
        taskQueue: config.temporal.taskQueue,
        workflowType: 'enterpriseVerification',
        processId,
        accountId,
        kind: 'enterprise_verification',
        method: input.method,
        args: input,
        record: { requestHash: hash, documentIds: enterpriseDocumentIds(input) },
        recheck: verificationRecheck(db, accountId),
      },
      processOpenedUpdate,
      ),
    // Finding 6: the process took them; they leave the upload quota and the sweep keeps them (as soon as it may have them).
    () => recordDocumentReferences(db, accountId, processId, enterpriseDocumentIds(input), now()),
    ).catch(updateRefusal);
    await recordDocumentReferences(db, accountId, processId, enterpriseDocumentIds(input), now());
    // A start that raced its own retry and joined its process is that retry: 200, as for one that found the row.
    return c.json({ processId, status: 'open' }, joined ? 200 : 201);
  });
}
