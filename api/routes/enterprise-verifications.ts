import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createBusinessCalendar, normaliseMobile, validateEnterpriseCode, validateIndividualIdentity } from '../../domain';
import { processOpenedUpdate, type EnterpriseVerificationInput } from '../../workflows/enterprise/messages';
import { requireAccountAccess, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems, type FieldProblem } from '../problem';
import { AccountIdParam, problemContent } from '../schemas';
import { processIdFor, startProcessWorkflow, updateRefusal } from '../start-process';
import { checkMethodChoice, MethodChoiceFields } from '../enterprise-method-choice';

const StartEnterpriseBody = z
  .object({
    ...MethodChoiceFields,
    enterprise: z.object({
      licenceType: z.enum(['business_licence', 'other_registration_certificate']),
      licenceDocumentId: z.string().min(1).openapi({ description: 'From POST /v1/documents with purpose business_licence' }),
      name: z.string().trim().min(1).max(200).openapi({ description: 'Exactly as on the licence' }),
      creditCode: z.string().trim().min(1).max(32),
      address: z.string().trim().min(1).max(300),
      contact: z.object({ name: z.string().trim().min(1).max(100), documentNumber: z.string().trim().min(1), mobile: z.string().trim().min(1) }),
    }),
  })
  .openapi('StartEnterpriseVerification');

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
    headers: z.object({ 'idempotency-key': z.string().min(8).max(128).optional() }),
    body: { content: { 'application/json': { schema: StartEnterpriseBody } }, required: true },
  },
  responses: {
    200: { description: 'The same process, for a retried start', content: { 'application/json': { schema: StartedEnterprise } } },
    201: { description: 'Started', content: { 'application/json': { schema: StartedEnterprise } } },
    400: { description: 'Invalid input, naming each field and rule', content: problemContent },
    404: { description: 'No such account (or not yours)', content: problemContent },
    409: { description: 'Already verified, or another process is open (R-G2)', content: problemContent },
  },
});

export function registerEnterpriseVerificationRoutes(app: OpenAPIHono<AuthEnv>, { db, temporal, config, now = Date.now }: ApiDeps): void {
  app.openapi(startEnterprise, async (c) => {
    const { accountId } = c.req.valid('param');
    const principal = c.get('principal');
    requireAccountAccess(principal, accountId);
    if (principal.role !== 'holder') throw problems.forbidden("only the account's holder starts its verification");
    const body = c.req.valid('json');
    const { enterprise } = body;

    // R-E2: every field checked, every problem reported at once.
    const errors: FieldProblem[] = [];
    const code = validateEnterpriseCode(enterprise.creditCode);
    if (!code.ok) errors.push({ field: 'enterprise.creditCode', rule: 'R-E2', message: code.message });
    const contactId = validateIndividualIdentity({ documentType: 'mainland_id', documentNumber: enterprise.contact.documentNumber }, now());
    if (!contactId.ok) {
      for (const p of contactId.problems) errors.push({ field: 'enterprise.contact.documentNumber', rule: 'R-E2', message: p.message });
    }
    const mobile = normaliseMobile(enterprise.contact.mobile);
    if (!mobile.ok) errors.push({ field: 'enterprise.contact.mobile', rule: 'R-E2', message: mobile.message });
    const licence = await db.document.findUnique({ where: { id: enterprise.licenceDocumentId }, select: { accountId: true, purpose: true } });
    if (!licence || licence.accountId !== accountId || licence.purpose !== 'business_licence') {
      errors.push({ field: 'enterprise.licenceDocumentId', rule: 'R-E2', message: 'upload the licence image first (POST /v1/documents, purpose business_licence)' });
    }
    const choice = await checkMethodChoice(db, accountId, code.ok ? code.normalised : enterprise.creditCode, body, now(), errors);
    if (errors.length > 0 || !code.ok || !contactId.ok || !mobile.ok) throw problems.validation(errors);

    const account = await db.account.findUnique({ where: { id: accountId } });
    if (!account) throw problems.notFound(`account ${accountId}`);
    const processId = processIdFor(accountId, c.req.valid('header')['idempotency-key']);
    const retried = await db.process.findUnique({ where: { id: processId } });
    if (retried) return c.json({ processId, status: retried.status }, 200);
    if (account.status !== 'unverified') {
      throw problems.conflict('account-already-verified', `account ${accountId} is already verified as ${account.status}; change the subject instead`);
    }
    const input: EnterpriseVerificationInput = {
      processId,
      accountId,
      ...choice,
      enterprise: {
        name: enterprise.name,
        creditCode: code.normalised,
        licenceDocumentId: enterprise.licenceDocumentId,
        address: enterprise.address,
        contact: { name: enterprise.contact.name, documentNumber: contactId.normalisedNumber, mobile: mobile.normalised },
      },
      durations: {
        rechargeWindow: config.durations.rechargeWindow,
        remittanceAmountWindow: config.durations.remittanceAmountWindow,
        qrValidity: config.durations.qrValidity,
        abandonment: config.durations.enterpriseAbandonment,
      },
      rechargeAttempts: config.limits.rechargeAttempts,
      remittanceAttempts: config.limits.remittanceAttempts,
      faceMaxTries: config.limits.faceMaxTries,
      reviewSlaBusinessDays: config.review.slaBusinessDays,
      calendar: createBusinessCalendar(config.calendar),
    };
    const handle = await startProcessWorkflow({
      temporal,
      taskQueue: config.temporal.taskQueue,
      workflowType: 'enterpriseVerification',
      processId,
      accountId,
      kind: 'enterprise_verification',
      method: choice.method,
      args: input,
    });
    // Answer once the process row exists, so the GET that follows finds it.
    await handle.executeUpdate(processOpenedUpdate).catch(updateRefusal);
    return c.json({ processId, status: 'open' }, 201);
  });
}
