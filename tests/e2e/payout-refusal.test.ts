import { SANDBOX_REFUSED_ACCOUNT_SUFFIX } from '../../activities/providers/bank';
import { processWorkflowId } from '../../workflows/process-ids';
import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';
import { approveRemittance, processWhen, remittanceDetails, reportDelivery, startEnterprise } from '../support/enterprise-flows';

/** The sandbox bank has no account ending in 9999 (activities/providers/bank.ts): it refuses the payout, account_invalid. */
const REFUSED_BANK_ACCOUNT = `622202020011${SANDBOX_REFUSED_ACCOUNT_SUFFIX}`;

// Over HTTP only: real API, worker, Temporal dev server and PostgreSQL; sandbox face check and bank.
describe('a payout the bank refuses for the account (R-E6.4), over HTTP', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
  });
  afterAll(async () => {
    await system.stop();
  });

  it('R-E6.4, R-G5: the holder is told why and sent back to method choice, nothing was sent; corrected bank details go through a new review and verify', async () => {
    const refusalsCounted = async () => {
      const text = await (await fetch(`${system.baseUrl}/metrics`, { headers: { authorization: `Bearer ${system.operatorToken}` } })).text();
      return Number(/^realname_payout_refusals_total\{refusal="account_invalid"\} (\d+)$/m.exec(text)?.[1]);
    };
    const countedBefore = await refusalsCounted();
    expect(Number.isInteger(countedBefore)).toBe(true);
    const started = await startEnterprise(system, 'remittance', REFUSED_BANK_ACCOUNT);
    await approveRemittance(system, started);
    const refused = await processWhen(system, started, (p) => p.step === 'choosing_method' && p.remittance?.payoutRefusal);
    expect(refused.body).toMatchObject({ status: 'open', step: 'choosing_method', remittance: { payoutRefusal: 'account_invalid', payoutSentAt: null } });
    expect(refused.body.remittance.payoutRefusalDetail).toMatch(/no such account.*correct the corporate bank details/);
    expect(refused.headers.get('content-language')).toBe('en');
    // The holder's texts follow the request's language, Chinese by default; the codes stay as they are.
    const inChinese = await http(system, 'GET', `/v1/processes/${started.processId}`, { token: started.token, headers: { 'accept-language': 'zh-CN' } });
    expect(inChinese.headers.get('content-language')).toBe('zh-CN');
    expect(inChinese.headers.get('vary')).toMatch(/accept-language/i);
    expect(inChinese.body.remittance).toMatchObject({ payoutRefusal: 'account_invalid', payoutRefusalDetail: expect.stringContaining('开户银行没有该账号') });
    expect(refused.body.history.map((h: { step: string }) => h.step)).toEqual(expect.arrayContaining(['payout_refused', 'choosing_method']));
    const firstReviewId = refused.body.remittance.reviewId as string;

    // The payout row says it was refused; the bank transferred nothing; no give-up for operators.
    const [refusedPayout] = await system.db.payout.findMany({ where: { processId: started.processId } });
    expect(refusedPayout).toMatchObject({ refusal: 'account_invalid', bankReference: null, deliveredAt: null });
    expect(refusedPayout!.refusedAt).toBeInstanceOf(Date);
    expect(await system.db.sandboxBankTransfer.count({ where: { idempotencyKey: refusedPayout!.idempotencyKey } })).toBe(0);
    // Operators see refusals rise on /metrics, though no give-up is kept.
    // At least ours: another test file may refuse one meanwhile (they share the database).
    expect(await refusalsCounted()).toBeGreaterThanOrEqual(countedBefore + 1);
    expect(await system.db.activityFailure.count({ where: { workflowId: processWorkflowId(started.accountId) } })).toBe(0);

    // R-G5: the holder's message centre has the notice, in Chinese by default, naming the code.
    const messages = await http(system, 'GET', `/v1/accounts/${started.accountId}/messages`, { token: started.token });
    expect(JSON.stringify(messages.body)).toContain('银行拒绝了验证打款');
    expect(JSON.stringify(messages.body)).toContain('account_invalid');

    // A delivery report of the refused payout (a confused bank) moves nothing and is acknowledged, not retried forever.
    const report = await reportDelivery(system, { eventId: uniqueId('bank-evt'), idempotencyKey: refusedPayout!.idempotencyKey, deliveredAt: new Date().toISOString() });
    expect(report).toMatchObject({ status: 200, body: { received: true, ignored: 'payout_refused' } });
    expect((await system.db.payout.findUniqueOrThrow({ where: { idempotencyKey: refusedPayout!.idempotencyKey } })).deliveredAt).toBeNull();

    // The holder corrects the account: a new face check, a new review, then the payout to the right account.
    const corrected = await http(system, 'POST', `/v1/processes/${started.processId}/enterprise-method`, { token: started.token, body: { method: 'remittance', remittance: await remittanceDetails(system, started.token) } });
    expect(corrected.status).toBe(200);
    await approveRemittance(system, started);
    const awaiting = await processWhen(system, started, (p) => p.step === 'awaiting_amount');
    expect(awaiting.body.remittance.reviewId).not.toBe(firstReviewId);
    expect(awaiting.body.remittance.payoutRefusal).toBeNull();
    const payouts = await system.db.payout.findMany({ where: { processId: started.processId }, orderBy: { createdAt: 'asc' } });
    expect(payouts).toHaveLength(2);
    expect(payouts[1]!.refusedAt).toBeNull();
    const entered = await http(system, 'POST', `/v1/processes/${started.processId}/remittance-amount`, { token: started.token, body: { amountFen: payouts[1]!.amountFen } });
    expect(entered.body).toMatchObject({ correct: true });
    expect((await processWhen(system, started, () => false)).body.status).toBe('verified');
  });
});
