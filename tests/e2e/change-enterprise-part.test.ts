import { applicant, mainlandId } from '../support/people';
import { eventually, http, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';
import { remittanceDetails } from '../support/enterprise-flows';

const legalPerson = { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') };
const handler = { name: '林经办', documentNumber: mainlandId('350102', '1990-07-21', '135') };
const CREDIT_CODE = '91350100M000100Y43';

/**
 * A change's enterprise part is the enterprise verification itself, a child
 * workflow (R-C4 to enterprise, R-C5.5): every route that drives an
 * enterprise verification drives it. Real API, worker, Temporal dev server and
 * PostgreSQL; sandbox providers.
 */
describe('a change to an enterprise completes by each enterprise method, over HTTP (R-C4, R-E4)', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
  });
  afterAll(async () => {
    await system.stop();
  });

  const processWhen = (processId: string, token: string, check: (body: any) => boolean) =>
    eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

  /** An individual account verified by WeChat, and its change to the enterprise `name` by `choice`, past the current individual's face check. */
  async function changeToEnterprise(name: string, choiceFor: (token: string) => Promise<Record<string, unknown>> | Record<string, unknown>) {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'change' } })).body.id as string;
    const token = await system.holderToken(accountId);
    const person = applicant({ name: '张三' });
    const verified = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${verified.body.qrCode.ticket}/authorize`, { body: { name: person.name, documentNumber: person.documentNumber } });
    await processWhen(verified.body.processId, token, () => false);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, {
      token,
      body: {
        kind: 'individual_to_enterprise',
        agreement: true,
        enterprise: {
          ...(await choiceFor(token)),
          enterprise: {
            licenceType: 'business_licence',
            licenceDocumentId: await uploadDocument(system, token, 'business_licence'),
            name,
            creditCode: CREDIT_CODE,
            address: '福建省福州市',
            contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '13800138000' },
          },
        },
      },
    });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    const face = await processWhen(processId, token, (p) => p.step === 'awaiting_current_face' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
    return { accountId, token, processId };
  }

  async function expectChanged(accountId: string, token: string, processId: string, name: string) {
    const done = await processWhen(processId, token, () => false);
    expect(done.body).toMatchObject({ status: 'changed', kind: 'change', method: 'individual_to_enterprise' });
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body).toMatchObject({ status: 'enterprise', subject: { type: 'enterprise' } });
    // R-C9: the account's history names the new subject (the account view masks it).
    const history = await http(system, 'GET', `/v1/accounts/${accountId}/history`, { token });
    expect(history.body.history.at(-1)).toMatchObject({ kind: 'individual_to_enterprise', outcome: 'changed', after: { type: 'enterprise', name } });
  }

  it('R-C4, R-E4: by WeChat official account', async () => {
    const name = `福州公众号转企业有限公司${uniqueId('')}`;
    const { accountId, token, processId } = await changeToEnterprise(name, () => ({ method: 'wechat_official_account' }));
    const scan = await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${scan.body.qrCode.ticket}/authorize`, {
      body: { name: '管理员', documentNumber: mainlandId('350102', '1980-01-01', '111'), officialAccountName: name },
    });
    await expectChanged(accountId, token, processId, name);
  });

  it("R-C4, R-E4: by the legal person's WeChat QR, scanned by the legal person", async () => {
    const name = `福州法人微信转企业有限公司${uniqueId('')}`;
    const { accountId, token, processId } = await changeToEnterprise(name, () => ({ method: 'legal_person_wechat', legalPerson }));
    const scan = await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${scan.body.qrCode.ticket}/authorize`, { body: legalPerson });
    await expectChanged(accountId, token, processId, name);
  });

  it("R-C4, R-E4, R-P10: by the legal person's face, passed by the legal person", async () => {
    const name = `福州法人人脸转企业有限公司${uniqueId('')}`;
    const { accountId, token, processId } = await changeToEnterprise(name, () => ({ method: 'legal_person_face', legalPerson }));
    const scan = await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/face/tickets/${scan.body.qrCode.ticket}/pass`);
    await expectChanged(accountId, token, processId, name);
  });

  it('R-C4, R-E6.3, R-E6.5: by remittance, with a withdrawal, a rejection and another method in between', async () => {
    const name = `福州汇款转企业有限公司${uniqueId('')}`;
    const bankAccount = { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' };
    const remittanceOf = async (token: string) => ({
      method: 'remittance',
      remittance: {
        bankAccount,
        legalPerson,
        handler,
        photos: {
          emblemSideDocumentId: await uploadDocument(system, token, 'legal_person_id_emblem'),
          portraitSideDocumentId: await uploadDocument(system, token, 'legal_person_id_portrait'),
        },
      },
    });
    const { accountId, token, processId } = await changeToEnterprise(name, remittanceOf);
    const post = (path: string, body?: unknown) => http(system, 'POST', `/v1/processes/${processId}/${path}`, { token, ...(body ? { body } : {}) });
    const reviewOf = async () => {
      const handlerFace = await processWhen(processId, token, (p) => p.step === 'awaiting_handler_face' && p.qrCode);
      await http(system, 'POST', `/v1/sandbox/face/tickets/${handlerFace.body.qrCode.ticket}/pass`);
      const inReview = await processWhen(processId, token, (p) => p.step === 'in_review' && p.remittance?.reviewId);
      const reviewId = inReview.body.remittance.reviewId as string;
      await eventually(() => http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken }), (r) => r.status === 200);
      return reviewId;
    };
    const decide = (reviewId: string, decision: 'approve' | 'reject', reason: string) =>
      http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision, reason } });

    // R-E6.3: the holder takes the materials back from review; the change returns to method choice.
    const withdrawn = await reviewOf();
    expect(await post('review-withdrawal')).toMatchObject({ status: 200, body: { status: 'open' } });
    await processWhen(processId, token, (p) => p.step === 'choosing_method');
    expect((await http(system, 'GET', `/v1/reviews/${withdrawn}`, { token: system.operatorToken })).body).toMatchObject({ status: 'withdrawn' });

    // Another method in between: the official account's code, which nobody scans.
    expect(await post('enterprise-method', { method: 'wechat_official_account' })).toMatchObject({ status: 200 });
    await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);

    // Remittance again, rejected by the operator: back to method choice.
    expect(await post('enterprise-method', await remittanceOf(token))).toMatchObject({ status: 200 });
    const rejected = await reviewOf();
    expect(await decide(rejected, 'reject', 'photos unreadable')).toMatchObject({ status: 200 });
    await processWhen(processId, token, (p) => p.step === 'choosing_method');

    // And remittance once more, approved: the payout, then the amount it brought.
    expect(await post('enterprise-method', await remittanceOf(token))).toMatchObject({ status: 200 });
    const approved = await reviewOf();
    expect(await decide(approved, 'approve', 'consistent')).toMatchObject({ status: 200 });
    await processWhen(processId, token, (p) => p.step === 'awaiting_amount');
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId } });
    expect(await post('remittance-amount', { amountFen: payout.amountFen })).toMatchObject({ status: 200, body: { correct: true } });
    await expectChanged(accountId, token, processId, name);
    // Ended: the part's routes refuse as for any ended process.
    expect(await post('review-withdrawal')).toMatchObject({ status: 409, body: { type: expect.stringContaining('process-closed') } });
  });

  it('R-C4, R-E6.4: a payout the bank refuses in the change\'s enterprise part sends the holder back to correct the bank details; the corrected ones complete the change', async () => {
    const name = `福州拒付转企业有限公司${uniqueId('')}`;
    const remittanceTo = (accountNumber: string) => async (token: string) => ({ method: 'remittance', remittance: await remittanceDetails(system, token, accountNumber) });
    // The sandbox bank has no account ending in 9999.
    const { accountId, token, processId } = await changeToEnterprise(name, remittanceTo('6222020200119999'));
    const approveReview = async () => {
      const handlerFace = await processWhen(processId, token, (p) => p.step === 'awaiting_handler_face' && p.qrCode);
      await http(system, 'POST', `/v1/sandbox/face/tickets/${handlerFace.body.qrCode.ticket}/pass`);
      const inReview = await processWhen(processId, token, (p) => p.step === 'in_review' && p.remittance?.reviewId);
      const reviewId = inReview.body.remittance.reviewId as string;
      await eventually(() => http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken }), (r) => r.status === 200);
      expect(await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'approve', reason: 'consistent' } })).toMatchObject({ status: 200 });
    };
    await approveReview();
    const refused = await processWhen(processId, token, (p) => p.step === 'choosing_method' && p.remittance?.payoutRefusal);
    expect(refused.body).toMatchObject({ status: 'open', kind: 'change', remittance: { payoutRefusal: 'account_invalid' } });
    expect(await http(system, 'POST', `/v1/processes/${processId}/enterprise-method`, { token, body: await remittanceTo('6222020200112233445')(token) })).toMatchObject({ status: 200 });
    await approveReview();
    await processWhen(processId, token, (p) => p.step === 'awaiting_amount');
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId, refusedAt: null } });
    expect(await http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen: payout.amountFen } })).toMatchObject({ status: 200, body: { correct: true } });
    await expectChanged(accountId, token, processId, name);
  });

  it('R-C3: a change revoked during its enterprise part leaves the account as it was', async () => {
    const name = `福州撤销转企业有限公司${uniqueId('')}`;
    const { accountId, token, processId } = await changeToEnterprise(name, () => ({ method: 'wechat_official_account' }));
    await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    const before = await system.db.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(await http(system, 'POST', `/v1/processes/${processId}/revoke`, { token })).toMatchObject({ status: 200, body: { status: 'revoked' } });
    expect((await processWhen(processId, token, () => false)).body).toMatchObject({ status: 'revoked' });
    expect(await system.db.account.findUniqueOrThrow({ where: { id: accountId } })).toEqual(before);
  });
});
