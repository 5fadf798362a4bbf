import { answeredWithin } from '../answer-wait';
import { createHash } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { chooseMethodUpdate, ENTRY_STAMP_MAX_AGE_MS, submitRemittanceAmountUpdate, withdrawReviewUpdate } from '../../workflows/enterprise/messages';

import type { AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { checkDocumentReferences, enterpriseDocumentIds, recordDocumentReferences } from '../document-references';
import { checkMethodChoice, methodChoiceDocuments, MethodChoiceBody, throwIfProblems } from '../enterprise-method-choice';
import { openProcessWorkflow } from '../process-access';
import type { FieldProblem } from '../problem';
import { IdempotencyKeyHeader, ProcessIdParam, problemContent } from '../schemas';
import { updateRefusal } from '../start-process';

const security = [{ bearer: [] }];
/** R-E6.5: a minute short of the stamp's trust, for the clocks of the API and the worker to differ. */
const AMOUNT_ENTRY_WAIT_MS = ENTRY_STAMP_MAX_AGE_MS - 60_000;
const StepAnswer = z.object({ processId: z.string(), status: z.string(), step: z.string() }).openapi('ProcessStepAnswer');
/** What an Idempotency-Key does on these routes, said in each one's description. */
const RETRY_BY_KEY =
  ' With an Idempotency-Key, a repeat of the request (same key, same body) is the same request: it gets the first one\'s answer and is not taken again; a new request needs a new key.';
const refusals = {
  403: { description: "Not the account's holder", content: problemContent },
  404: { description: 'No such process (or not yours)', content: problemContent },
  409: { description: 'Not possible in the current step; the body says why', content: problemContent },
};

const chooseMethod = createRoute({
  method: 'post',
  path: '/v1/processes/{processId}/enterprise-method',
  tags: ['processes'],
  summary: 'Choose an enterprise method again (R-E4, R-E6.3)',
  description: `After a withdrawn or rejected review, or instead of a code nobody has used yet.${RETRY_BY_KEY}`,
  security,
  request: { params: ProcessIdParam, headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: MethodChoiceBody } }, required: true } },
  responses: {
    200: { description: 'The process in its new first step', content: { 'application/json': { schema: StepAnswer } } },
    400: { description: 'Invalid input, naming each field and rule', content: problemContent },
    ...refusals,
  },
});

const withdrawReview = createRoute({
  method: 'post',
  path: '/v1/processes/{processId}/review-withdrawal',
  tags: ['processes'],
  summary: 'Withdraw the materials from review before a decision (R-E6.3)',
  description: `The process returns to method choice.${RETRY_BY_KEY}`,
  security,
  request: { params: ProcessIdParam, headers: IdempotencyKeyHeader },
  responses: { 200: { description: 'Withdrawn', content: { 'application/json': { schema: StepAnswer } } }, ...refusals },
});

const AmountBody = z
  .object({ amountFen: z.number().int().min(1).max(99).openapi({ description: 'The payout received, in fen (0.01 yuan)' }) })
  .openapi('RemittanceAmount');
const AmountAnswer = z.object({ correct: z.boolean(), attemptsLeft: z.number().int() }).openapi('RemittanceAmountAnswer');

const submitAmount = createRoute({
  method: 'post',
  path: '/v1/processes/{processId}/remittance-amount',
  tags: ['processes'],
  summary: 'Enter the amount the payout brought (R-E6.5)',
  description:
    'Answers at once. Two wrong entries fail the process; entries are rate-limited per token. An entry taken before the window ends is judged even when its check ends after it, and the process follows that answer.' +
    `${RETRY_BY_KEY} So a retried entry (a lost response, a double click) uses no second attempt.`,
  security,
  request: { params: ProcessIdParam, headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: AmountBody } }, required: true } },
  responses: {
    200: { description: 'Whether it was right, and the attempts left', content: { 'application/json': { schema: AmountAnswer } } },
    400: { description: 'Not an amount of 1..99 fen', content: problemContent },
    429: { description: 'Too many entries; Retry-After says when', content: problemContent },
    ...refusals,
  },
});

/**
 * The Temporal update id of a holder's request under an Idempotency-Key: the
 * same process, route, key and body give the same id, and Temporal answers a
 * repeated id with the first update's result (within the workflow's run), so a
 * retry is never taken twice (R-E6.5: never a second amount attempt). The body
 * is part of it, so a key reused for another request is another request, never
 * answered with the first one's verdict. Hashed: the key is the client's text.
 * No key, no id: Temporal makes one per call.
 */
export function holderUpdateId(processId: string, route: string, idempotencyKey: string | undefined, body: unknown = null): string | undefined {
  if (!idempotencyKey) return undefined;
  const digest = createHash('sha256').update([processId, route, idempotencyKey, JSON.stringify(body)].join('\u0000')).digest('hex').slice(0, 32);
  return `${route}:${digest}`;
}

/**
 * The holder's moves in an enterprise verification, each a Temporal update
 * answered by the workflow; the amount also in a change's enterprise
 * verification (domain/process-requests.ts says which processes take which).
 */
export function registerEnterpriseProcessRoutes(app: OpenAPIHono<AuthEnv>, { db, temporal, config, now = Date.now }: ApiDeps): void {
  app.openapi(chooseMethod, async (c) => {
    const { processId } = c.req.valid('param');
    const handle = await openProcessWorkflow(db, temporal, c.get('principal'), processId, 'choose_enterprise_method');
    const process = await db.process.findUniqueOrThrow({ where: { id: processId }, select: { accountId: true } });
    const errors: FieldProblem[] = [];
    const body = c.req.valid('json');
    await checkDocumentReferences({ db, config, now: now() }, process.accountId, methodChoiceDocuments(body), errors);
    const choice = checkMethodChoice(null, body, now(), errors);
    throwIfProblems(errors);
    const updateId = holderUpdateId(processId, 'enterprise-method', c.req.valid('header')['idempotency-key'], body);
    const carried = () => recordDocumentReferences(db, process.accountId, processId, enterpriseDocumentIds(choice), now());
    const view = await answeredWithin({ temporal, config }, () => handle.executeUpdate(chooseMethodUpdate, { args: [choice], updateId }), carried).catch(updateRefusal);
    await carried();
    return c.json({ processId, status: view.status, step: view.step }, 200);
  });

  app.openapi(withdrawReview, async (c) => {
    const { processId } = c.req.valid('param');
    const handle = await openProcessWorkflow(db, temporal, c.get('principal'), processId, 'withdraw_review');
    const updateId = holderUpdateId(processId, 'review-withdrawal', c.req.valid('header')['idempotency-key']);
    const view = await answeredWithin({ temporal, config }, () => handle.executeUpdate(withdrawReviewUpdate, { args: [{ processId, request: 'withdraw_review' }], updateId })).catch(updateRefusal);
    return c.json({ processId, status: view.status, step: view.step }, 200);
  });

  app.openapi(submitAmount, async (c) => {
    const { processId } = c.req.valid('param');
    const handle = await openProcessWorkflow(db, temporal, c.get('principal'), processId, 'enter_remittance_amount');
    const entry = c.req.valid('json');
    const updateId = holderUpdateId(processId, 'remittance-amount', c.req.valid('header')['idempotency-key'], entry);
    // R-E6.5: stamped as taken here, so a worker outage across the deadline does not make a timely entry late; waited
    // for no longer than the process trusts a stamp (then 503: a retry under the same key is the same entry).
    const answer = await temporal
      .withDeadline(Date.now() + AMOUNT_ENTRY_WAIT_MS, () => handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ ...entry, enteredAt: now() }], updateId }))
      .catch(updateRefusal);
    return c.json(answer, 200);
  });
}
