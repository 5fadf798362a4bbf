import { issueToken } from '../../api/auth';
import { creditCodeCheckCharacter } from '../../domain';
import { sealedPlaces, unseal } from '../../prisma/sealed';
import { approveRemittance } from '../support/enterprise-flows';
import { mainlandId } from '../support/people';
import { eventually, http, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';

// GB 32100 check characters computed by the domain's algorithm (see domain/__tests__/credit-code.test.ts).
const CREDIT_CODE = '91350100M000100Y43';
const legalPerson = { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') };
const handler = { name: '林经办', documentNumber: mainlandId('350102', '1990-07-21', '135') };
const bankAccount = (accountNumber: string) => ({ accountNumber, bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' });

// Over HTTP only: real API, worker, Temporal dev server and PostgreSQL; sandbox face check and bank.
describe('enterprise verification by corporate remittance (R-E6) and the other methods (R-E4), over HTTP', () => {
  let system: RunningSystem;
  let otherOperator: string;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000', RATE_LIMIT_AMOUNT_ENTRIES_PER_MINUTE: '3' });
    otherOperator = await issueToken(system.config.auth.jwtSecret, system.config.auth.issuer, { role: 'operator', subject: 'op-other' });
  });
  afterAll(async () => {
    await system.stop();
  });

  const upload = (token: string, purpose: string) => uploadDocument(system, token, purpose);

  async function start(choice: Record<string, unknown>, options: { creditCode?: string; expectStatus?: number } = {}) {
    const name = `福州汇款测试有限公司${uniqueId('')}`;
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: name } })).body.id;
    const token = await system.holderToken(accountId);
    const remittance =
      choice.method === 'remittance'
        ? {
            remittance: {
              bankAccount: bankAccount((choice.accountNumber as string) ?? '6222020200112233445'),
              legalPerson,
              handler,
              photos: { emblemSideDocumentId: await upload(token, 'legal_person_id_emblem'), portraitSideDocumentId: await upload(token, 'legal_person_id_portrait') },
            },
          }
        : {};
    const { accountNumber: _unused, ...rest } = choice;
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: {
        ...rest,
        ...remittance,
        enterprise: {
          licenceType: 'business_licence',
          licenceDocumentId: await upload(token, 'business_licence'),
          name,
          creditCode: options.creditCode ?? CREDIT_CODE,
          address: '福建省福州市鼓楼区',
          contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '+86 138 0013 8000' },
        },
      },
    });
    expect(started.status).toBe(options.expectStatus ?? 201);
    return { name, accountId, token, processId: started.body.processId as string, started };
  }

  const processWhen = (processId: string, token: string, check: (body: any) => boolean) =>
    eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

  async function toReview(processId: string, token: string) {
    const face = await processWhen(processId, token, (p) => p.step === 'awaiting_handler_face' && p.qrCode);
    expect(face.body.qrCode.qrUrl).toContain('/v1/sandbox/face/tickets/');
    await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
    const inReview = await processWhen(processId, token, (p) => p.step === 'in_review' && p.remittance?.reviewId);
    const reviewId = inReview.body.remittance.reviewId as string;
    // The process names its review as the review workflow starts; the task reaches the queue a moment later.
    await eventually(() => http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken }), (r) => r.status === 200);
    return reviewId;
  }

  it('R-E6: face check, operator review with claim and reason, one payout; two wrong amounts fail the process', async () => {
    const { processId, token, accountId } = await start({ method: 'remittance' });
    const reviewId = await toReview(processId, token);

    const queue = await http(system, 'GET', '/v1/reviews?status=pending', { token: system.operatorToken });
    expect(queue.status).toBe(200);
    expect(queue.body.reviews.map((r: { reviewId: string }) => r.reviewId)).toContain(reviewId);
    expect((await http(system, 'GET', '/v1/reviews?status=pending', { token })).status).toBe(403);

    const detail = await http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken });
    expect(detail.body.rules).toEqual(['R-E2', 'R-E6']);
    // R-G7: the final deadline (REVIEW_EXPIRY_BUSINESS_DAYS) is shown beside the SLA, as the review's creation recorded it.
    const created = detail.body.audit.find((entry: { action: string }) => entry.action === 'created');
    expect(detail.body.expiresAt).toBe(created.detail.expiresAt);
    expect(Date.parse(detail.body.expiresAt)).toBeGreaterThan(Date.parse(detail.body.dueAt));
    // Masked in the API: no clear ID number or bank account.
    expect(JSON.stringify(detail.body)).not.toContain(legalPerson.documentNumber);
    expect(JSON.stringify(detail.body)).not.toContain('6222020200112233445');
    expect(detail.body.materials.fields.bankAccount.accountNumber).toBe('****3445');
    // R-E2: the reviewer sees which licence was submitted.
    expect(detail.body.materials.fields.licenceType).toBe('business_licence');
    expect(Object.keys(detail.body.materials.documents).sort()).toEqual(['legalPersonIdEmblemSide', 'legalPersonIdPortraitSide', 'licence']);

    expect((await http(system, 'POST', `/v1/reviews/${reviewId}/claim`, { token: system.operatorToken })).status).toBe(200);
    const stolen = await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: otherOperator, body: { decision: 'approve', reason: 'looks fine' } });
    expect(stolen.status).toBe(409);
    expect(stolen.body.type).toContain('review-claimed');
    const noReason = await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'approve', reason: ' ' } });
    expect(noReason.status).toBe(400);
    const approved = await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, {
      token: system.operatorToken,
      body: { decision: 'approve', reason: 'licence, ID photos and bank details consistent' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'test-operator' });
    const again = await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'reject', reason: 'changed my mind' } });
    expect(again.status).toBe(409);

    const awaiting = await processWhen(processId, token, (p) => p.step === 'awaiting_amount');
    expect(awaiting.body.remittance).toMatchObject({ attemptsLeft: 2, reviewId });
    expect(awaiting.body.remittance.amountDeadline).not.toBeNull();
    // The amount is what the holder reads on the bank statement; the API never tells it.
    expect(JSON.stringify(awaiting.body)).not.toMatch(/amountFen/);
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId } });
    const wrong = payout.amountFen === 99 ? 98 : payout.amountFen + 1;
    const first = await http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen: wrong } });
    expect(first).toMatchObject({ status: 200, body: { correct: false, attemptsLeft: 1 } });
    const second = await http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen: wrong } });
    expect(second).toMatchObject({ status: 200, body: { correct: false, attemptsLeft: 0 } });
    const failed = await processWhen(processId, token, () => false);
    expect(failed.body).toMatchObject({ status: 'failed', failureReason: 'remittance_attempts_exhausted' });
    const late = await http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen: payout.amountFen } });
    expect(late.status).toBe(409);

    expect(await system.db.payout.count({ where: { processId } })).toBe(1);
    // R-E6.6: the payout went to the bank account; it is in the payouts table only, never credited.
    expect(await system.db.ledgerEntry.count({ where: { processId } })).toBe(0);
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body.status).toBe('unverified');
    const audit = await http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken });
    expect(audit.body.audit.map((a: { action: string }) => a.action)).toEqual(['created', 'claimed', 'approved']);
    expect(audit.body.audit[2]).toMatchObject({ actor: 'test-operator', reason: 'licence, ID photos and bank details consistent' });
    // The failure is notified just after the process row says so.
    const messages = await eventually(() => system.db.message.findMany({ where: { processId } }), (rows) => rows.length >= 2);
    // In Chinese, the holders' language by default (domain/texts.ts).
    expect(messages.map((m) => m.title).sort()).toEqual(['实名认证失败', '资料审核通过']);
  });

  /** A remittance approved and paid out, awaiting its amount, and an amount that is not the payout's. */
  async function awaitingAmount() {
    const started = await start({ method: 'remittance' });
    await approveRemittance(system, started);
    await processWhen(started.processId, started.token, (p) => p.step === 'awaiting_amount');
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId: started.processId } });
    return { ...started, wrong: payout.amountFen === 99 ? 98 : payout.amountFen + 1 };
  }

  it('R-E6.5: the same wrong amount sent twice under one Idempotency-Key uses one attempt and gets one answer; under a second key it is a second attempt', async () => {
    const { processId, token, wrong } = await awaitingAmount();
    const enter = (key: string) => http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen: wrong }, headers: { 'idempotency-key': key } });

    // A lost answer retried, or a double click: the repeat is the first entry, answered as it was.
    const first = await enter('entry-0001-first');
    const repeat = await enter('entry-0001-first');
    expect(first).toMatchObject({ status: 200, body: { correct: false, attemptsLeft: 1 } });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    const afterRepeat = await processWhen(processId, token, (p) => p.step === 'awaiting_amount' && p.remittance.attemptsLeft === 1);
    expect(afterRepeat.body).toMatchObject({ status: 'open', remittance: { attemptsLeft: 1 } });

    // Another key is another entry: the second wrong one fails the process.
    const second = await enter('entry-0002-second');
    expect(second).toMatchObject({ status: 200, body: { correct: false, attemptsLeft: 0 } });
    const failed = await processWhen(processId, token, () => false);
    expect(failed.body).toMatchObject({ status: 'failed', failureReason: 'remittance_attempts_exhausted' });
  });

  it('R-E6.5: the hosted page passes its Idempotency-Key on, so an entry it sends again is not a second attempt', async () => {
    const { processId, token, wrong } = await awaitingAmount();
    const session = await http(system, 'POST', `/v1/processes/${processId}/session`, { token });
    expect(session.status).toBe(201);
    const enter = () =>
      http(system, 'POST', `${new URL(session.body.url).pathname}/remittance-amount`, {
        body: { amountYuan: `0.${String(wrong).padStart(2, '0')}` },
        headers: { 'idempotency-key': '3f9c1e0a7b2d4c6e8f0a1b2c3d4e5f60' },
      });
    const first = await enter();
    const repeat = await enter();
    expect(first).toMatchObject({ status: 200, body: { correct: false, attemptsLeft: 1 } });
    expect(repeat).toMatchObject({ status: 200, body: first.body });
    const open = await processWhen(processId, token, (p) => p.step === 'awaiting_amount' && p.remittance.attemptsLeft === 1);
    expect(open.body).toMatchObject({ status: 'open', remittance: { attemptsLeft: 1 } });
  });

  it('R-E6.4, R-E6.5, R-E9: a payout the sandbox bank reports later, then the right amount, verifies the account', async () => {
    const { processId, token, accountId } = await start({ method: 'remittance', accountNumber: '6222020200110000' });
    const reviewId = await toReview(processId, token);
    await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'approve', reason: 'ok' } });
    await processWhen(processId, token, (p) => p.step === 'awaiting_payout_delivery');
    expect((await http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen: 1 } })).status).toBe(409);
    expect((await http(system, 'POST', `/v1/sandbox/payouts/${processId}/delivered`)).status).toBe(200);
    await processWhen(processId, token, (p) => p.step === 'awaiting_amount');
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId } });
    expect(payout.deliveredAt).not.toBeNull();
    const right = await http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen: payout.amountFen } });
    expect(right.body).toEqual({ correct: true, attemptsLeft: 2 });
    const done = await processWhen(processId, token, () => false);
    expect(done.body.status).toBe('verified');
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body.status).toBe('enterprise');
  });

  it('R-E6.3: the holder withdraws the review and picks legal person face recognition instead', async () => {
    const { processId, token } = await start({ method: 'remittance' });
    const reviewId = await toReview(processId, token);
    const withdrawn = await http(system, 'POST', `/v1/processes/${processId}/review-withdrawal`, { token });
    expect(withdrawn.status).toBe(200);
    await processWhen(processId, token, (p) => p.step === 'choosing_method');
    const review = await http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken });
    expect(review.body.status).toBe('withdrawn');
    const decision = await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'approve', reason: 'too late' } });
    expect(decision.status).toBe(409);
    const chosen = await http(system, 'POST', `/v1/processes/${processId}/enterprise-method`, { token, body: { method: 'legal_person_face', legalPerson } });
    expect(chosen).toMatchObject({ status: 200, body: { step: 'awaiting_scan' } });
    const face = await processWhen(processId, token, (p) => p.qrCode && !p.qrCode.expired);
    await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
    expect((await processWhen(processId, token, () => false)).body).toMatchObject({ status: 'verified', method: 'legal_person_face' });
    // R-E2: the verified subject keeps which licence was submitted.
    const account = await system.db.account.findFirstOrThrow({ where: { processes: { some: { id: processId } } } });
    expect(unseal<{ licenceType?: string }>(account.subject, system.config.payloadKeys, sealedPlaces.accountSubject(account.id))).toMatchObject({ licenceType: 'business_licence' });
  });

  it('R-E4: a legal person the registry does not hold as the legal representative fails legal_person_mismatch, and no face code is issued', async () => {
    const impostor = { name: '非法人陈某', documentNumber: mainlandId('350102', '1980-01-01', '131') };
    const { processId, token } = await start({ method: 'legal_person_face', legalPerson: impostor });
    const ended = await processWhen(processId, token, () => false);
    expect(ended.body).toMatchObject({ status: 'failed', failureReason: 'legal_person_mismatch', qrCode: null });
    expect(await system.db.qrTicket.count({ where: { processId } })).toBe(0);
  });

  it('R-E4: WeChat Official Account verifies when the name verified on it matches', async () => {
    const { processId, token, name } = await start({ method: 'wechat_official_account' });
    const scan = await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${scan.body.qrCode.ticket}/scan`);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${scan.body.qrCode.ticket}/authorize`, {
      body: { name: '公众号管理员', documentNumber: handler.documentNumber, officialAccountName: name },
    });
    expect((await processWhen(processId, token, () => false)).body).toMatchObject({ status: 'verified', method: 'wechat_official_account' });
  });

  /** Verifies a fresh account by the official-account method; returns the process as it ended. */
  async function verifyByOfficialAccount(creditCode: string) {
    const started = await start({ method: 'wechat_official_account' }, { creditCode });
    const scan = await processWhen(started.processId, started.token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${scan.body.qrCode.ticket}/authorize`, {
      body: { name: '公众号管理员', documentNumber: handler.documentNumber, officialAccountName: started.name },
    });
    return { ...started, ended: (await processWhen(started.processId, started.token, () => false)).body };
  }

  it('R-E1: public institutions, individually-owned businesses and government bodies verify like companies', async () => {
    for (const first17 of ['12350100M00010012', '92350100MA0000003', '11350100M00010023']) {
      const { ended } = await verifyByOfficialAccount(first17 + creditCodeCheckCharacter(first17));
      expect(ended).toMatchObject({ status: 'verified', kind: 'enterprise_verification' });
    }
  });

  it('R-E8: an account verifies one enterprise only; one enterprise verifies several accounts', async () => {
    const first17 = '91350100MA0000099';
    const code = first17 + creditCodeCheckCharacter(first17);
    const a = await verifyByOfficialAccount(code);
    const b = await verifyByOfficialAccount(code);
    // The same credit code (R-E7's identity of an enterprise) behind both accounts.
    expect([a.ended.status, b.ended.status]).toEqual(['verified', 'verified']);
    const again = await http(system, 'POST', `/v1/accounts/${a.accountId}/enterprise-verifications`, {
      token: a.token,
      body: {
        method: 'recharge',
        enterprise: {
          licenceType: 'business_licence',
          licenceDocumentId: await upload(a.token, 'business_licence'),
          name: '另一家企业有限公司',
          creditCode: CREDIT_CODE,
          address: '福州',
          contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '13800138000' },
        },
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already verified as enterprise/);
  });

  it('amount entries are rate-limited per token, so the 1..99 fen payout cannot be found by trying them all', async () => {
    const { processId, token } = await start({ method: 'recharge' });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof http>> | undefined;
    for (let amountFen = 1; amountFen <= 4; amountFen++) {
      last = await http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen } });
      statuses.push(last.status);
    }
    // Three answers (no amount is awaited in a recharge), then 429 with a retry hint.
    expect(statuses).toEqual([409, 409, 409, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('content-type')).toContain('application/problem+json');
  });

  it('R-E4: legal person WeChat QR is refused with 400 for a code not starting with 91/92, naming the rule', async () => {
    const { started } = await start({ method: 'legal_person_wechat', legalPerson }, { creditCode: '12100000400000624D', expectStatus: 400 });
    expect(started.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'method', rule: 'R-E4' })]));
    // Chosen later, in place of an unused code, it is refused by the process, naming the field and the rule as well.
    const { processId, token } = await start({ method: 'wechat_official_account' }, { creditCode: '12100000400000624D' });
    await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    const chosen = await http(system, 'POST', `/v1/processes/${processId}/enterprise-method`, { token, body: { method: 'legal_person_wechat', legalPerson } });
    expect(chosen).toMatchObject({ status: 409, body: { type: expect.stringContaining('method-not-allowed'), field: 'method', rule: 'R-E4' } });
    expect((await http(system, 'GET', `/v1/processes/${processId}`, { token })).body).toMatchObject({ status: 'open', method: 'wechat_official_account', step: 'awaiting_scan' });
  });

  it('R-E6: remittance without its photos is refused with 400 naming each missing field', async () => {
    const name = `缺材料有限公司${uniqueId('')}`;
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: name } })).body.id;
    const token = await system.holderToken(accountId);
    const refused = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: {
        method: 'remittance',
        remittance: { bankAccount: bankAccount('6222020200112233445'), legalPerson, handler, photos: { emblemSideDocumentId: 'nope', portraitSideDocumentId: 'nope' } },
        enterprise: {
          licenceType: 'business_licence',
          licenceDocumentId: await upload(token, 'business_licence'),
          name,
          creditCode: CREDIT_CODE,
          address: '福建省福州市',
          contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '13800138000' },
        },
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['remittance.photos.emblemSideDocumentId', 'remittance.photos.portraitSideDocumentId']);
    expect(await system.db.process.count({ where: { accountId } })).toBe(0);
  });
});
