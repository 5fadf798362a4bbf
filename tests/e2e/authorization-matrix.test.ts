import { issueToken } from '../../api/auth';
import { seal, sealedPlaces } from '../../prisma/sealed';
import { applicant } from '../support/people';
import { startSystem, uniqueId, type RunningSystem } from '../support/system';

type Caller = 'none' | 'expired' | 'badSignature' | 'holder' | 'otherHolder' | 'operator';
const CALLERS: Caller[] = ['none', 'expired', 'badSignature', 'holder', 'otherHolder', 'operator'];

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

// Every route × every kind of caller: the expected status of each cell.
// Holders never reach another account's data (404, so its existence is not revealed);
// operators read anything but do not drive a holder's process.
describe('authorisation matrix', () => {
  let system: RunningSystem;
  let tokens: Record<Exclude<Caller, 'none'>, string>;
  let accountId: string;
  let otherAccountId: string;
  let processId: string;
  let documentId: string;
  let reviewId: string;
  let messageId: string;

  beforeAll(async () => {
    system = await startSystem();
    accountId = uniqueId('acc');
    otherAccountId = uniqueId('acc');
    await system.db.account.createMany({ data: [{ id: accountId, displayName: 'Matrix' }, { id: otherAccountId, displayName: 'Other' }] });
    const { jwtSecret, issuer } = system.config.auth;
    tokens = {
      expired: await issueToken(jwtSecret, issuer, { role: 'holder', subject: 'h', accountId }, Math.floor(Date.now() / 1000) - 60),
      badSignature: await issueToken('some-other-secret', issuer, { role: 'operator', subject: 'o' }),
      holder: await system.holderToken(accountId),
      otherHolder: await system.holderToken(otherAccountId),
      operator: system.operatorToken,
    };
    const started = await call('holder', 'POST', `/v1/accounts/${accountId}/verifications`, {
      type: 'individual', method: 'wechat_qr', applicant: applicant(),
    });
    processId = ((await started.json()) as { processId: string }).processId;
    const uploaded = await call('holder', 'POST', '/v1/documents', upload());
    documentId = ((await uploaded.json()) as { id: string }).id;
    messageId = uniqueId('msg');
    await system.db.message.create({ data: { id: messageId, accountId, title: 'matrix', body: 'matrix' } });
    // A review whose workflow is gone: the queue routes work on the row alone.
    reviewId = uniqueId('rev');
    await system.db.review.create({
      data: { id: reviewId, processId, accountId, workflowId: `review-${reviewId}`, kind: 'enterprise_remittance', status: 'pending', materials: seal({ documents: {}, fields: {} }, system.config.payloadKeys, sealedPlaces.reviewMaterials(reviewId)), rules: ['R-E6'], dueAt: new Date(Date.now() + 86_400_000) },
    });
  });
  afterAll(async () => {
    await system.stop();
  });

  function enterpriseStart() {
    return {
      method: 'recharge',
      enterprise: {
        licenceType: 'business_licence',
        licenceDocumentId: 'not-uploaded',
        name: '矩阵测试有限公司',
        creditCode: '91350100M000100Y43',
        address: '福州',
        contact: { name: '王五', documentNumber: applicant().documentNumber, mobile: '13800138000' },
      },
    };
  }

  function upload(extra: Record<string, string> = {}): FormData {
    const form = new FormData();
    form.set('purpose', 'business_licence');
    form.set('file', new Blob([Buffer.from(PNG)]), 'licence.png');
    for (const [key, value] of Object.entries(extra)) form.set(key, value);
    return form;
  }

  function call(caller: Caller, method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = caller === 'none' ? {} : { authorization: `Bearer ${tokens[caller]}` };
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(`${system.baseUrl}${path}`, { method, headers, body: payload });
  }

  const unauthenticated = { none: 401, expired: 401, badSignature: 401 } as const;
  const routes: Array<{ name: string; request: () => [string, string, unknown?]; expect: Record<Caller, number> }> = [
    { name: 'POST /v1/accounts', request: () => ['POST', '/v1/accounts', { displayName: 'x' }], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 201 } },
    { name: 'GET /v1/accounts/{id}', request: () => ['GET', `/v1/accounts/${accountId}`], expect: { ...unauthenticated, holder: 200, otherHolder: 404, operator: 200 } },
    { name: 'POST /v1/accounts/{id}/verifications (another is open)', request: () => ['POST', `/v1/accounts/${accountId}/verifications`, { type: 'individual', method: 'wechat_qr', applicant: applicant() }], expect: { ...unauthenticated, holder: 409, otherHolder: 404, operator: 403 } },
    { name: 'GET /v1/processes/{id}', request: () => ['GET', `/v1/processes/${processId}`], expect: { ...unauthenticated, holder: 200, otherHolder: 404, operator: 200 } },
    { name: 'POST /v1/processes/{id}/qr-code', request: () => ['POST', `/v1/processes/${processId}/qr-code`], expect: { ...unauthenticated, holder: 200, otherHolder: 404, operator: 403 } },
    // Issue 19: the holder, or the platform (operator) on the holder's behalf.
    { name: 'POST /v1/processes/{id}/session', request: () => ['POST', `/v1/processes/${processId}/session`], expect: { ...unauthenticated, holder: 201, otherHolder: 404, operator: 201 } },
    { name: 'POST /v1/processes/{id}/method', request: () => ['POST', `/v1/processes/${processId}/method`, { method: 'wechat_qr' }], expect: { ...unauthenticated, holder: 200, otherHolder: 404, operator: 403 } },
    { name: 'GET /v1/accounts/{id}/messages', request: () => ['GET', `/v1/accounts/${accountId}/messages`], expect: { ...unauthenticated, holder: 200, otherHolder: 404, operator: 200 } },
    { name: 'GET /v1/documents/{id}', request: () => ['GET', `/v1/documents/${documentId}`], expect: { ...unauthenticated, holder: 200, otherHolder: 404, operator: 200 } },
    { name: 'POST /v1/accounts/{id}/enterprise-verifications (no licence uploaded)', request: () => ['POST', `/v1/accounts/${accountId}/enterprise-verifications`, enterpriseStart()], expect: { ...unauthenticated, holder: 400, otherHolder: 404, operator: 403 } },
    { name: 'POST /v1/processes/{id}/enterprise-method (an individual process)', request: () => ['POST', `/v1/processes/${processId}/enterprise-method`, { method: 'recharge' }], expect: { ...unauthenticated, holder: 409, otherHolder: 404, operator: 403 } },
    { name: 'POST /v1/processes/{id}/review-withdrawal (an individual process)', request: () => ['POST', `/v1/processes/${processId}/review-withdrawal`], expect: { ...unauthenticated, holder: 409, otherHolder: 404, operator: 403 } },
    { name: 'POST /v1/processes/{id}/remittance-amount (an individual process)', request: () => ['POST', `/v1/processes/${processId}/remittance-amount`, { amountFen: 12 }], expect: { ...unauthenticated, holder: 409, otherHolder: 404, operator: 403 } },
    { name: 'GET /v1/reviews', request: () => ['GET', '/v1/reviews?status=pending'], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
    { name: 'GET /v1/reviews/{id}', request: () => ['GET', `/v1/reviews/${reviewId}`], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
    { name: 'POST /v1/reviews/{id}/claim', request: () => ['POST', `/v1/reviews/${reviewId}/claim`], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
    { name: 'POST /v1/reviews/{id}/release', request: () => ['POST', `/v1/reviews/${reviewId}/release`], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
    { name: 'POST /v1/reviews/{id}/decision (its process is gone)', request: () => ['POST', `/v1/reviews/${reviewId}/decision`, { decision: 'approve', reason: 'ok' }], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 409 } },
    { name: 'POST /v1/accounts/{id}/changes (an unverified account: R-C2)', request: () => ['POST', `/v1/accounts/${accountId}/changes`, { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() }], expect: { ...unauthenticated, holder: 409, otherHolder: 404, operator: 403 } },
    { name: 'POST /v1/processes/{id}/revoke (not a change)', request: () => ['POST', `/v1/processes/${processId}/revoke`], expect: { ...unauthenticated, holder: 409, otherHolder: 404, operator: 403 } },
    { name: 'POST /v1/processes/{id}/materials (not a change)', request: () => ['POST', `/v1/processes/${processId}/materials`, { materials: { applicationForm: documentId } }], expect: { ...unauthenticated, holder: 409, otherHolder: 404, operator: 403 } },
    { name: 'GET /v1/accounts/{id}/history', request: () => ['GET', `/v1/accounts/${accountId}/history`], expect: { ...unauthenticated, holder: 200, otherHolder: 404, operator: 200 } },
    { name: 'GET /v1/accounts/{id}/subject/unmasked (audited)', request: () => ['GET', `/v1/accounts/${accountId}/subject/unmasked?reason=${encodeURIComponent('support case 42')}`], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
    { name: 'GET /v1/accounts/{id}/subject/unmasked (no reason)', request: () => ['GET', `/v1/accounts/${accountId}/subject/unmasked`], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 400 } },
    { name: 'POST /codec/decode', request: () => ['POST', '/codec/decode', { payloads: [] }], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
    { name: 'POST /codec/encode', request: () => ['POST', '/codec/encode', { payloads: [] }], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 403 } }, // encodes for nobody: Temporal is written only by the API and the worker
    { name: 'POST /codec/operator-endpoint', request: () => ['POST', '/codec/operator-endpoint'], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 201 } },
    { name: 'GET /codec/operator-endpoints', request: () => ['GET', '/codec/operator-endpoints'], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
    { name: 'POST /codec/operator-endpoint/revoke (an unknown jti)', request: () => ['POST', '/codec/operator-endpoint/revoke', { jti: '00000000-0000-4000-8000-000000000000' }], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 404 } },
    { name: 'POST /v1/accounts/{id}/messages/{messageId}/read', request: () => ['POST', `/v1/accounts/${accountId}/messages/${messageId}/read`], expect: { ...unauthenticated, holder: 200, otherHolder: 404, operator: 403 } },
    { name: 'POST /v1/processes/{id}/new-entity (not a change)', request: () => ['POST', `/v1/processes/${processId}/new-entity`, { ...enterpriseStart(), agreement: true }], expect: { ...unauthenticated, holder: 409, otherHolder: 404, operator: 403 } },
    { name: 'POST /v1/documents', request: () => ['POST', '/v1/documents', upload({ accountId })], expect: { ...unauthenticated, holder: 201, otherHolder: 201, operator: 201 } },
    { name: 'GET /metrics', request: () => ['GET', '/metrics'], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
    { name: 'GET /v1/operator/notices', request: () => ['GET', '/v1/operator/notices?status=failed'], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
    { name: 'GET /v1/operator/payments', request: () => ['GET', `/v1/operator/payments?processId=${processId}`], expect: { ...unauthenticated, holder: 403, otherHolder: 403, operator: 200 } },
  ];

  for (const route of routes) {
    it(`${route.name}: ${CALLERS.map((caller) => `${caller} ${route.expect[caller]}`).join(', ')}`, async () => {
      const seen: Record<string, number> = {};
      for (const caller of CALLERS) {
        const [method, path, body] = route.request();
        const response = await call(caller, method, path, body);
        seen[caller] = response.status;
        if (response.status >= 400) expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(seen).toEqual(route.expect);
    });
  }

  it("a holder's upload always belongs to the holder's own account, whatever accountId it names", async () => {
    const response = await call('otherHolder', 'POST', '/v1/documents', upload({ accountId }));
    const body = (await response.json()) as { accountId: string };
    expect(response.status).toBe(201);
    expect(body.accountId).toBe(otherAccountId);
  });
});
