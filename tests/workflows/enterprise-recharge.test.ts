import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import {
  REGISTRY_NOT_FOUND_DETAIL, ENTERPRISE_NOT_ACTIVE_DETAIL, REGISTRY_UNAVAILABLE_DETAIL,
  enterpriseViewQuery,
  paymentArrivedSignal,
  SANDBOX_PAYEE_ACCOUNT,
  type EnterpriseVerificationInput,
  type EnterpriseView,
} from '../../workflows/enterprise/messages';
import { fakeEnterpriseActivities } from '../support/fake-activities';
import { HANDOVER_TASK_TIMEOUT, queryUntil, runWorkflow, testWorker, timeSkippingEnvironment } from '../support/time-skipping';

const enterprise = {
  name: '北京示例科技有限公司',
  creditCode: '91110108MA01ABCD2X',
  licenceDocumentId: 'doc_licence',
  address: '北京市海淀区中关村大街1号',
  contact: { name: '张三', documentNumber: '11010519491231002X', mobile: '13800138000' },
};

function input(id: string, payeeAccount?: string): EnterpriseVerificationInput {
  return {
    ...(payeeAccount === undefined ? {} : { payeeAccount }),
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    enterprise,
    method: 'recharge',
    durations: { rechargeWindow: '7 days' },
    rechargeAttempts: 2,
  };
}

type Fakes = ReturnType<typeof fakeEnterpriseActivities>;

// Time-skipping: the 7-day recharge window takes milliseconds. Run serially (jest --runInBand).
describe('enterpriseVerification by recharge (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const run = (fakes: Fakes, id: string, body: (handle: WorkflowHandle) => Promise<EnterpriseView>, payeeAccount?: string) =>
    runWorkflow(env, fakes.activities, 'enterpriseVerification', `wf-ent-${id}`, input(id, payeeAccount), body);
  const viewWhen = (handle: WorkflowHandle, check: (view: EnterpriseView) => boolean) => queryUntil(handle, enterpriseViewQuery, check);

  const awaitingPayment = (handle: WorkflowHandle) => viewWhen(handle, (view) => view.step === 'awaiting_payment');

  it('R-E5, R-E9, R-G5: the drawn amount (1..99 fen) paid from the enterprise name verifies and credits that same amount', async () => {
    const fakes = fakeEnterpriseActivities();
    let drawn = 0;
    const view = await run(fakes, 'success', async (handle) => {
      const waiting = await awaitingPayment(handle);
      drawn = waiting.recharge!.amountFen;
      // No payeeAccount in this input, as in processes started before it was passed: the sandbox's, as their histories recorded.
      expect(waiting.recharge).toMatchObject({ attemptsLeft: 2, payeeAccount: SANDBOX_PAYEE_ACCOUNT });
      expect(waiting.recharge!.deadline).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
      await handle.signal(paymentArrivedSignal, { eventId: 'e1', transactionId: 't1', payerName: enterprise.name, amountFen: drawn });
      return handle.result();
    });
    expect(Number.isInteger(drawn)).toBe(true);
    expect(drawn).toBeGreaterThanOrEqual(1);
    expect(drawn).toBeLessThanOrEqual(99);
    expect(view).toMatchObject({ status: 'verified', step: 'verified', failureReason: null });
    expect(view.recharge!.amountFen).toBe(drawn);
    expect(fakes.completions).toEqual([expect.objectContaining({ creditedFen: drawn, transactionId: 't1', accountId: 'acc_success' })]);
    expect(fakes.refunds).toEqual([]);
    expect(fakes.steps.map((s) => s.step)).toEqual(['awaiting_payment', 'verified']);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'verified' })]);
  });

  it('R-E5: a started recharge names the payee account its input carries (RECHARGE_PAYEE_ACCOUNT), from the first wait to the outcome', async () => {
    const fakes = fakeEnterpriseActivities();
    let waiting: EnterpriseView | undefined;
    const view = await run(
      fakes,
      'payee',
      async (handle) => {
        waiting = await awaitingPayment(handle);
        await handle.signal(paymentArrivedSignal, { eventId: 'e1', transactionId: 't1', payerName: enterprise.name, amountFen: waiting.recharge!.amountFen });
        return handle.result();
      },
      '1100 2233 4455 6677 889',
    );
    expect(waiting!.recharge!.payeeAccount).toBe('1100 2233 4455 6677 889');
    expect(view.status).toBe('verified');
    expect(view.recharge!.payeeAccount).toBe('1100 2233 4455 6677 889');
  });

  it('R-E5: a wrong amount and then a wrong payer are each refunded; the second fails recharge_attempts_exhausted', async () => {
    const fakes = fakeEnterpriseActivities();
    const view = await run(fakes, 'exhausted', async (handle) => {
      const amount = (await awaitingPayment(handle)).recharge!.amountFen;
      const wrongAmount = amount === 99 ? 98 : amount + 1;
      await handle.signal(paymentArrivedSignal, { eventId: 'e1', transactionId: 't1', payerName: enterprise.name, amountFen: wrongAmount });
      await handle.signal(paymentArrivedSignal, { eventId: 'e2', transactionId: 't2', payerName: '另一家公司', amountFen: amount });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'recharge_attempts_exhausted' });
    expect(view.recharge!.attemptsLeft).toBe(0);
    // Each refund names what was wrong (R-E5: the holder and operators see why).
    expect(fakes.refunds.map((r) => [r.transactionId, r.reason])).toEqual([
      ['t1', 'wrong_amount'],
      ['t2', 'wrong_payer'],
    ]);
    expect(fakes.completions).toEqual([]);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'recharge_attempts_exhausted' })]);
  });

  it('R-E5, R-E7: the matching payment of an enterprise at its limit is refunded as such, and the process fails', async () => {
    const fakes = fakeEnterpriseActivities({ completion: 'enterprise_limit_reached' });
    const view = await run(fakes, 'at-limit', async (handle) => {
      const amount = (await awaitingPayment(handle)).recharge!.amountFen;
      await handle.signal(paymentArrivedSignal, { eventId: 'e1', transactionId: 't1', payerName: enterprise.name, amountFen: amount });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'enterprise_limit_reached' });
    expect(fakes.refunds).toEqual([expect.objectContaining({ transactionId: 't1', reason: 'enterprise_limit_reached' })]);
  });

  it('R-E5, R-G5: no payment within the 7-day window fails recharge_expired and is notified', async () => {
    const fakes = fakeEnterpriseActivities();
    const started = Date.now();
    const view = await run(fakes, 'expired', (handle) => handle.result());
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(view).toMatchObject({ status: 'failed', failureReason: 'recharge_expired' });
    expect(fakes.completions).toEqual([]);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'recharge_expired' })]);
  });

  it('R-E3: an enterprise the registry does not know fails registry_not_found with the 7-business-day advice', async () => {
    const fakes = fakeEnterpriseActivities({ registry: { found: false } });
    const view = await run(fakes, 'unknown', (handle) => handle.result());
    expect(view).toMatchObject({ status: 'failed', failureReason: 'registry_not_found', recharge: null });
    expect(view.failureDetail).toBe(REGISTRY_NOT_FOUND_DETAIL);
    expect(view.failureDetail).toMatch(/7 business days/);
    expect(view.failureDetail).toMatch(/retry later/);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'registry_not_found' })]);
  });

  it('R-E3: an enterprise the registry holds as revoked or deregistered fails enterprise_not_active at once, told that retrying will not help', async () => {
    for (const status of ['revoked', 'deregistered'] as const) {
      const fakes = fakeEnterpriseActivities({ registry: { found: true, registeredName: enterprise.name, status } });
      const view = await run(fakes, `inactive-${status}`, (handle) => handle.result());
      expect(view).toMatchObject({ status: 'failed', failureReason: 'enterprise_not_active', recharge: null });
      expect(view.failureDetail).toBe(ENTERPRISE_NOT_ACTIVE_DETAIL);
      expect(view.failureDetail).not.toMatch(/retry later/);
      expect(fakes.completions).toEqual([]);
      expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'enterprise_not_active' })]);
    }
  });

  it('R-E2, R-E7: a registration number entered by an enterprise the registry holds a credit code for fails credit_code_required at once, naming the code; the credit code entered goes on', async () => {
    const held = '91110108MA01C0Q25K';
    const listing = { found: true as const, registeredName: enterprise.name, status: 'active' as const, unifiedCreditCode: held };
    const byRegistration = fakeEnterpriseActivities({ registry: listing });
    const registrationInput = { ...input('by-registration'), enterprise: { ...enterprise, creditCode: '110108000123459' } };
    const view = (await runWorkflow(env, byRegistration.activities, 'enterpriseVerification', 'wf-ent-by-registration', registrationInput, (handle) => handle.result())) as EnterpriseView;
    expect(view).toMatchObject({ status: 'failed', failureReason: 'credit_code_required', recharge: null });
    expect(view.failureDetail).toContain(held);
    expect(byRegistration.completions).toEqual([]);
    expect(byRegistration.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'credit_code_required' })]);

    const byCreditCode = fakeEnterpriseActivities({ registry: listing });
    const going = await run(byCreditCode, 'by-credit-code', (handle) => awaitingPayment(handle));
    expect(going).toMatchObject({ status: 'open', step: 'awaiting_payment' });
  });

  it('R-G7: a registry down until the process\'s deadline fails it registry_unavailable, asked with that deadline, not retried past it', async () => {
    const fakes = fakeEnterpriseActivities();
    const deadlines: Array<number | undefined> = [];
    fakes.activities.lookupRegistry = async ({ answerBy }) => {
      deadlines.push(answerBy);
      throw ApplicationFailure.create({ type: 'RegistryDeadlinePassed', message: 'the process reached its deadline before the registry could look the enterprise up', nonRetryable: true });
    };
    const started = Date.now();
    const view = await run(fakes, 'registry-down', (handle) => handle.result());
    expect(view).toMatchObject({ status: 'failed', failureReason: 'registry_unavailable', failureDetail: REGISTRY_UNAVAILABLE_DETAIL });
    expect(deadlines).toHaveLength(1);
    // The holder's 7 days (abandonment), in workflow time.
    expect(deadlines[0]! - started).toBeGreaterThan(6 * 24 * 3600_000);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'registry_unavailable' })]);
  });

  it('R-E3: an active listing, or one recorded before statuses were kept, goes on to the method', async () => {
    for (const registry of [{ found: true as const, registeredName: enterprise.name, status: 'active' as const }, { found: true as const, registeredName: enterprise.name }]) {
      const fakes = fakeEnterpriseActivities({ registry });
      const view = await run(fakes, `active-${registry.status ?? 'unstated'}`, async (handle) => {
        const shown = await awaitingPayment(handle);
        await handle.terminate('test over');
        return shown;
      });
      expect(view.step).toBe('awaiting_payment');
    }
  });

  it('R-E3: a registered name other than the submitted one fails name_mismatch', async () => {
    const fakes = fakeEnterpriseActivities({ registry: { found: true, registeredName: '北京别的公司' } });
    const view = await run(fakes, 'renamed', (handle) => handle.result());
    expect(view).toMatchObject({ status: 'failed', failureReason: 'name_mismatch' });
  });

  it('R-E5: a redelivered event id and the same transaction under a new event id have one effect', async () => {
    const fakes = fakeEnterpriseActivities();
    const view = await run(fakes, 'duplicates', async (handle) => {
      const amount = (await awaitingPayment(handle)).recharge!.amountFen;
      const wrong = { transactionId: 't1', payerName: '另一家公司', amountFen: amount };
      await handle.signal(paymentArrivedSignal, { eventId: 'e1', ...wrong });
      await handle.signal(paymentArrivedSignal, { eventId: 'e1', ...wrong });
      await handle.signal(paymentArrivedSignal, { eventId: 'e2', ...wrong });
      // The refund of t1 is recorded before the next awaiting_payment step; duplicates queued behind it are then dropped.
      const afterDuplicates = await viewWhen(handle, (view) => view.recharge!.attemptsLeft < 2 && view.step === 'awaiting_payment');
      expect(afterDuplicates).toMatchObject({ status: 'open' });
      expect(afterDuplicates.recharge!.attemptsLeft).toBe(1);
      await handle.signal(paymentArrivedSignal, { eventId: 'e3', transactionId: 't2', payerName: enterprise.name, amountFen: amount });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'verified' });
    expect(view.recharge!.attemptsLeft).toBe(1);
    expect(fakes.refunds.map((r) => r.transactionId)).toEqual(['t1']);
    expect(fakes.completions).toHaveLength(1);
  });

  /**
   * A worker outage across the window's deadline, and the right payment reaching the process after it, received
   * by the API `receivedBefore` ms before the deadline (negative: after it).
   */
  async function paymentAcrossOutage(id: string, receivedBefore: number) {
    const fakes = fakeEnterpriseActivities();
    const taskQueue = `late-payment-${Math.random().toString(36).slice(2)}`;
    const handle = await env.client.workflow.start('enterpriseVerification', { taskQueue, workflowId: `wf-ent-${id}-${Date.now()}`, args: [input(id)] , workflowTaskTimeout: HANDOVER_TASK_TIMEOUT });
    try {
      // Not cached: the task after the outage goes to the next worker, not to this one's sticky queue.
      const recharge = await (await testWorker(env, taskQueue, fakes.activities, { maxCachedWorkflows: 0 })).runUntil(async () => (await awaitingPayment(handle)).recharge!);
      await env.sleep(recharge.deadline + 1_000 - (await env.currentTimeMs()));
      await handle.signal(paymentArrivedSignal, { eventId: 'e1', transactionId: 't1', payerName: enterprise.name, amountFen: recharge.amountFen, receivedAt: recharge.deadline - receivedBefore });
      const view = (await (await testWorker(env, taskQueue, fakes.activities)).runUntil(() => handle.result())) as EnterpriseView;
      return { view, fakes };
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  }

  it('R-E5: a payment received after the window closed, reaching the process only after a worker outage, is refunded without an attempt and verifies nothing', async () => {
    const { view, fakes } = await paymentAcrossOutage('late-payment', -1);
    expect(view).toMatchObject({ status: 'failed', failureReason: 'recharge_expired', recharge: { attemptsLeft: 2 } });
    expect(fakes.completions).toEqual([]);
    expect(fakes.refunds).toEqual([expect.objectContaining({ transactionId: 't1', reason: 'process_ended' })]);
  });

  it('R-E5: at the deadline, a payment received in the window whose delivery failed is waited for; its retry verifies', async () => {
    const fakes = fakeEnterpriseActivities({ unheard: ['t1'] });
    let deadline = 0;
    const view = await run(fakes, 'unheard-retried', async (handle) => {
      const recharge = (await awaitingPayment(handle)).recharge!;
      deadline = recharge.deadline;
      // Half an hour past the deadline: still open, waiting for the payment the API recorded in time.
      await env.sleep(deadline + 30 * 60_000 - (await env.currentTimeMs()));
      expect(await handle.query(enterpriseViewQuery)).toMatchObject({ status: 'open', step: 'awaiting_payment' });
      // The gateway's retry, with the time the API first received it.
      await handle.signal(paymentArrivedSignal, { eventId: 'e1-retry', transactionId: 't1', payerName: enterprise.name, amountFen: recharge.amountFen, receivedAt: deadline - 60_000 });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'verified' });
    expect(fakes.unheardAsked).toEqual([expect.objectContaining({ processId: 'prc_unheard-retried', receivedBefore: deadline, heard: [] })]);
    expect(fakes.completions).toEqual([expect.objectContaining({ transactionId: 't1' })]);
    expect(fakes.refunds).toEqual([]);
  });

  it('R-E5: one whose retry never comes leaves the process open only for the grace: then recharge_expired, the refund left to the worker', async () => {
    const fakes = fakeEnterpriseActivities({ unheard: ['t9'] });
    let deadline = 0;
    const view = await run(fakes, 'unheard-lost', async (handle) => {
      deadline = (await awaitingPayment(handle)).recharge!.deadline;
      return handle.result();
    });
    const endedAt = fakes.steps.find((step) => step.status === 'failed')!.at;
    expect(view).toMatchObject({ status: 'failed', failureReason: 'recharge_expired', recharge: { attemptsLeft: 2 } });
    expect(endedAt).toBeGreaterThanOrEqual(deadline + 60 * 60_000);
    expect(endedAt).toBeLessThan(deadline + 2 * 60 * 60_000);
    expect(fakes.unheardAsked).toHaveLength(1);
    // Refunded as process_ended once the row is closed (activities/enterprise/refunds.ts), not by the workflow.
    expect(fakes.refunds).toEqual([]);
  });

  it('R-E5: a late payment during the grace is refunded without an attempt, and the wait goes on for the one received in time', async () => {
    const fakes = fakeEnterpriseActivities({ unheard: ['t1'] });
    const view = await run(fakes, 'unheard-after-late', async (handle) => {
      const recharge = (await awaitingPayment(handle)).recharge!;
      await env.sleep(recharge.deadline + 10 * 60_000 - (await env.currentTimeMs()));
      await handle.signal(paymentArrivedSignal, { eventId: 'e2', transactionId: 't2', payerName: enterprise.name, amountFen: recharge.amountFen, receivedAt: recharge.deadline + 5 * 60_000 });
      await viewWhen(handle, () => fakes.refunds.length === 1);
      expect(await handle.query(enterpriseViewQuery)).toMatchObject({ status: 'open' });
      await handle.signal(paymentArrivedSignal, { eventId: 'e1', transactionId: 't1', payerName: enterprise.name, amountFen: recharge.amountFen, receivedAt: recharge.deadline - 1 });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'verified', recharge: { attemptsLeft: 2 } });
    expect(fakes.refunds).toEqual([expect.objectContaining({ transactionId: 't2', reason: 'process_ended' })]);
    expect(fakes.unheardAsked.map((asked) => asked.heard)).toEqual([[], ['t2']]);
  });

  it('R-E5: a wrong payment received in time and judged after the deadline is refunded, and nothing invites another payment', async () => {
    const fakes = fakeEnterpriseActivities({ unheard: ['t1'] });
    const view = await run(fakes, 'unheard-wrong', async (handle) => {
      const recharge = (await awaitingPayment(handle)).recharge!;
      await env.sleep(recharge.deadline + 10 * 60_000 - (await env.currentTimeMs()));
      const wrong = recharge.amountFen === 99 ? 98 : recharge.amountFen + 1;
      await handle.signal(paymentArrivedSignal, { eventId: 'e1', transactionId: 't1', payerName: enterprise.name, amountFen: wrong, receivedAt: recharge.deadline - 1 });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'recharge_expired', recharge: { attemptsLeft: 1 } });
    expect(fakes.refunds).toEqual([expect.objectContaining({ transactionId: 't1', reason: 'wrong_amount' })]);
    expect(fakes.steps.map((step) => step.step)).toEqual(['awaiting_payment', 'payment_refunded', 'failed']);
  });

  it('R-E5: one received within the window counts though the outage brings it to the process after the deadline: it verifies', async () => {
    const { view, fakes } = await paymentAcrossOutage('timely-payment', 60_000);
    expect(view).toMatchObject({ status: 'verified' });
    expect(fakes.refunds).toEqual([]);
  });
});
