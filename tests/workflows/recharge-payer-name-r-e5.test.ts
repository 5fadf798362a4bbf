import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { enterpriseViewQuery, paymentArrivedSignal, type EnterpriseVerificationInput, type EnterpriseView } from '../../workflows/enterprise/messages';
import { fakeEnterpriseActivities } from '../support/fake-activities';
import { queryUntil, runWorkflow, timeSkippingEnvironment } from '../support/time-skipping';

// R-E5: the payer account must be held in the enterprise's own name. Bank
// statements write a company's name with full-width brackets (北京示例（海淀）…)
// where a holder may type half-width ones, or the other way round: the same
// name, so the payment verifies and no attempt is used. A different name is
// still refunded. Processes started before compare as they did.
const enterprise = {
  name: '北京示例(海淀)科技有限公司',
  creditCode: '91110108MA01ABCD2X',
  licenceDocumentId: 'doc_licence',
  address: '北京市海淀区中关村大街1号',
  contact: { name: '张三', documentNumber: '11010519491231002X', mobile: '13800138000' },
};

const input = (id: string, payerNameFormsAlike: boolean | undefined, extra: Partial<EnterpriseVerificationInput> = {}): EnterpriseVerificationInput => ({
  processId: `prc_${id}`,
  accountId: `acc_${id}`,
  enterprise,
  method: 'recharge',
  durations: { rechargeWindow: '7 days' },
  rechargeAttempts: 2,
  ...(payerNameFormsAlike === undefined ? {} : { payerNameFormsAlike }),
  ...extra,
});

describe('recharge payer name, full-width and half-width alike (R-E5, time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** One payment of the drawn amount from `payerName`; the view once it is judged (verified, or refunded with an attempt used). */
  const pay = async (id: string, payerNameFormsAlike: boolean | undefined, payerName: string, extra: Partial<EnterpriseVerificationInput> = {}) => {
    const fakes = fakeEnterpriseActivities();
    const view = await runWorkflow(env, fakes.activities, 'enterpriseVerification', `wf-payer-${id}`, input(id, payerNameFormsAlike, extra), async (handle: WorkflowHandle) => {
      const waiting = await queryUntil(handle, enterpriseViewQuery, (v: EnterpriseView) => v.step === 'awaiting_payment');
      await handle.signal(paymentArrivedSignal, { eventId: 'e1', transactionId: 't1', payerName, amountFen: waiting.recharge!.amountFen });
      return queryUntil(handle, enterpriseViewQuery, (v: EnterpriseView) => v.recharge!.attemptsLeft < 2);
    });
    return { fakes, view };
  };

  it('R-E5: the enterprise name paid with full-width brackets verifies the process entered with half-width ones, and nothing is refunded', async () => {
    const { fakes, view } = await pay('width', true, ' 北京示例（海淀）科技有限公司 ');
    expect(view.status).toBe('verified');
    expect(fakes.refunds).toEqual([]);
    expect(fakes.completions).toEqual([expect.objectContaining({ transactionId: 't1' })]);
  });

  it('R-E5: another name is still refunded as wrong_payer', async () => {
    const { fakes, view } = await pay('other', true, '北京示例（朝阳）科技有限公司');
    expect(view.recharge!.attemptsLeft).toBe(1);
    expect(fakes.completions).toEqual([]);
    expect(fakes.refunds).toEqual([expect.objectContaining({ transactionId: 't1', reason: 'wrong_payer' })]);
  });

  it('R-E5: a process started before compares the name as it did (histories replay)', async () => {
    const { fakes, view } = await pay('before', undefined, '北京示例（海淀）科技有限公司');
    expect(view.recharge!.attemptsLeft).toBe(1);
    expect(fakes.completions).toEqual([]);
    expect(fakes.refunds).toEqual([expect.objectContaining({ transactionId: 't1', reason: 'wrong_payer' })]);
  });

  it('R-E5: started since spacing counted too, a name the bank writes with spaces inside (a full-width one too) or in other Latin case verifies', async () => {
    const spaced = await pay('spaced', true, '北京示例（海淀）\u3000科技 有限公司', { payerNameSpacingAlike: true });
    expect(spaced.view.status).toBe('verified');
    expect(spaced.fakes.refunds).toEqual([]);
    const latin = { ...enterprise, name: 'ABC Technology Co., Ltd.' };
    const cased = await pay('cased', true, 'ABC TECHNOLOGY CO.,LTD.', { payerNameSpacingAlike: true, enterprise: latin });
    expect(cased.view.status).toBe('verified');
  });

  it('R-E5: spacing counted, another name is still wrong_payer; a process started before spacing counted compares as it did', async () => {
    const other = await pay('spaced-other', true, '北京示例（朝阳） 科技有限公司', { payerNameSpacingAlike: true });
    expect(other.fakes.refunds).toEqual([expect.objectContaining({ reason: 'wrong_payer' })]);
    const before = await pay('spaced-before', true, '北京示例（海淀） 科技有限公司');
    expect(before.fakes.refunds).toEqual([expect.objectContaining({ reason: 'wrong_payer' })]);
    expect(before.view.recharge!.attemptsLeft).toBe(1);
  });
});
