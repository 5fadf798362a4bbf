import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { addBusinessDays } from '../../domain';
import { providerEventSignal, refreshQrCodeUpdate } from '../../workflows/individual/messages';
import {
  chooseMethodUpdate,
  enterpriseViewQuery,
  payoutDeliveredSignal,
  submitRemittanceAmountUpdate,
  withdrawReviewUpdate,
  type EnterpriseVerificationInput,
  type EnterpriseView,
  type MethodChoice,
  type RemittanceDetails,
} from '../../workflows/enterprise/messages';
import { decideReviewUpdate, reviewDecisionSignal, reviewViewQuery, reviewWorkflowId, type ReviewDecision } from '../../workflows/review/messages';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { testConfig } from '../support/environment';
import { personOf, fakeEnterpriseActivities } from '../support/fake-activities';
import { HANDOVER_TASK_TIMEOUT, queryUntil, runWorkflow, testWorker, timeSkippingEnvironment } from '../support/time-skipping';

const enterprise = {
  name: '北京示例科技有限公司',
  creditCode: '91110108MA01ABCD2X',
  licenceDocumentId: 'doc_licence',
  address: '北京市海淀区中关村大街1号',
  contact: { name: '张三', documentNumber: '11010519491231002X', mobile: '13800138000' },
};
const legalPerson = { name: '李四', documentNumber: '110105194912310029' };
const details: RemittanceDetails = {
  bankAccount: { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '北京市', branch: '中关村支行' },
  legalPerson,
  photos: { emblemSideDocumentId: 'doc_emblem', portraitSideDocumentId: 'doc_portrait' },
  handler: { name: '王五', documentNumber: '110105199001010012' },
};
const DAY = 24 * 3600_000;

function input(id: string, choice: MethodChoice, overrides: Partial<EnterpriseVerificationInput> = {}): EnterpriseVerificationInput {
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    enterprise,
    ...choice,
    durations: { rechargeWindow: '7 days', remittanceAmountWindow: '7 days', qrValidity: '10 minutes', abandonment: '7 days' },
    rechargeAttempts: 2,
    remittanceAttempts: 2,
    faceMaxTries: 2,
    reviewSlaBusinessDays: 2,
    calendar: { holidays: [], extraWorkingDays: [] },
    ...overrides,
  };
}

type Fakes = ReturnType<typeof fakeEnterpriseActivities>;

// Time-skipping: review SLAs and 7-day windows take milliseconds. Run serially (jest --runInBand).
describe('enterpriseVerification: remittance, review and the instant methods (time-skipping)', () => {
  // One test server per test: after a refused update the test server stops
  // skipping time for everything that follows, so tests would depend on order.
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await timeSkippingEnvironment();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  const run = <T>(fakes: Fakes, id: string, args: EnterpriseVerificationInput, body: (handle: WorkflowHandle) => Promise<T>) =>
    runWorkflow(env, fakes.activities, 'enterpriseVerification', `wf-ent-${id}-${Date.now()}`, args, body);

  /** The reason a workflow gave for refusing an update. */
  async function refusal(update: Promise<unknown>): Promise<string> {
    const error = await update.then(
      () => {
        throw new Error('the update was accepted');
      },
      (e: unknown) => e as { cause?: { message?: string }; message?: string },
    );
    // Refused by the workflow's validator, or by the server once the workflow has closed.
    return error.cause?.message ?? error.message ?? '';
  }

  /** When the workflow's clock says it is: the test server skips time, so Date.now() in the test is not it. */
  // The view moves before the step's activity has run, so wait for the recorded step.
  const stepAt = async (fakes: Fakes, step: string): Promise<number> => {
    for (;;) {
      const recorded = fakes.steps.find((s) => s.step === step);
      if (recorded) return recorded.at;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const viewWhen = (handle: WorkflowHandle, check: (view: EnterpriseView) => boolean) => queryUntil(handle, enterpriseViewQuery, check);
  const atStep = (handle: WorkflowHandle, step: EnterpriseView['step']) => viewWhen(handle, (view) => view.step === step);

  /** Passes the face check on the current code. */
  async function passFace(handle: WorkflowHandle, step: EnterpriseView['step'] = 'awaiting_handler_face') {
    const view = await atStep(handle, step);
    await handle.signal(providerEventSignal, { provider: 'face', eventId: `face-${view.qrCode!.ticket}`, ticket: view.qrCode!.ticket, type: 'passed', person: personOf(view.qrCode!.ticket) });
  }

  async function inReview(handle: WorkflowHandle) {
    await passFace(handle);
    const view = await atStep(handle, 'in_review');
    return env.client.workflow.getHandle(reviewWorkflowId(view.remittance!.reviewId!));
  }

  const approve = { decision: 'approve' as const, reason: 'licence and ID photos are clear and match', operator: 'op-1', via: 'api' as const };
  /** The decision as the API sends it: naming the review it is for. */
  const decideOn = (review: WorkflowHandle, decision: Omit<ReviewDecision, 'reviewId'>) =>
    review.executeUpdate(decideReviewUpdate, { args: [{ ...decision, reviewId: review.workflowId.replace(/^review-/, '') }] });

  it('R-E6, R-E9, R-G5: face check, review approved, one payout, a wrong then the right amount verifies the account', async () => {
    const fakes = fakeEnterpriseActivities();
    const { view, answers } = await run(fakes, 'remit-ok', input('remit-ok', { method: 'remittance', remittance: details }), async (handle) => {
      const review = await inReview(handle);
      await stepAt(fakes, 'in_review');
      expect(fakes.steps.map((s) => s.step)).toEqual(['awaiting_handler_face', 'in_review']);
      expect((await decideOn(review, approve)).status).toBe('approved');
      const awaiting = await atStep(handle, 'awaiting_amount');
      // The view never tells the amount: the holder must read it off the bank statement.
      expect(JSON.stringify(awaiting)).not.toContain(`"amountFen"`);
      const amount = fakes.payouts[0]!.amountFen;
      const wrong = amount === 99 ? 98 : amount + 1;
      const answers = [
        await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: wrong }] }),
        await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: amount }] }),
      ];
      return { view: (await handle.result()) as EnterpriseView, answers };
    });
    expect(answers).toEqual([
      { correct: false, attemptsLeft: 1 },
      { correct: true, attemptsLeft: 1 },
    ]);
    expect(view).toMatchObject({ status: 'verified', method: 'remittance' });
    expect(fakes.payouts).toHaveLength(1);
    expect(fakes.payouts[0]!.amountFen).toBeGreaterThanOrEqual(1);
    expect(fakes.payouts[0]!.amountFen).toBeLessThanOrEqual(99);
    expect(fakes.completions).toEqual([expect.objectContaining({ method: 'remittance' })]);
    expect(fakes.completions[0]!.creditedFen).toBeUndefined();
    expect(fakes.closedReviews).toEqual([expect.objectContaining({ status: 'approved', actor: 'op-1', reason: approve.reason, via: 'api' })]);
    expect(fakes.notifications.map((n) => n.outcome)).toEqual(['review_approved', 'verified']);
  });

  it('R-E6.4: the payout amount is in no payload of the history, decoded as the Web UI decodes it, until the holder enters it', async () => {
    // 37: an amount no other field of this process carries.
    const fakes = fakeEnterpriseActivities({ drawnAmountFen: 37 });
    await run(fakes, 'remit-hidden', input('remit-hidden', { method: 'remittance', remittance: details }), async (handle) => {
      await decideOn(await inReview(handle), approve);
      await atStep(handle, 'awaiting_amount');
      expect(fakes.payouts).toEqual([expect.objectContaining({ amountFen: 37 })]);
      const codec = new EncryptionCodec(testConfig().payloadKeys, 'accept');
      const history = JSON.parse(historyToJSON(await handle.fetchHistory())) as unknown;
      const decoded: unknown[] = [];
      const visit = async (node: unknown): Promise<void> => {
        if (Array.isArray(node)) for (const item of node) await visit(item);
        else if (node && typeof node === 'object') {
          const record = node as Record<string, unknown>;
          if (record.metadata && typeof record.metadata === 'object' && 'data' in record) {
            const payload = { metadata: Object.fromEntries(Object.entries(record.metadata as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64')])), data: Buffer.from(String(record.data), 'base64') };
            const [clear] = await codec.decode([payload]);
            decoded.push(Buffer.from(clear!.data ?? []).toString('utf8'));
          }
          for (const value of Object.values(record)) await visit(value);
        }
      };
      await visit(history);
      expect(decoded.length).toBeGreaterThan(10);
      expect(decoded.filter((text) => /"amountFen":37\b/.test(String(text)))).toEqual([]);
      expect((await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: 37 }] })).correct).toBe(true);
    });
  });

  it('R-E6.5: two wrong entries fail the process remittance_attempts_exhausted; a third entry is refused', async () => {
    const fakes = fakeEnterpriseActivities();
    const view = await run(fakes, 'remit-wrong', input('remit-wrong', { method: 'remittance', remittance: details }), async (handle) => {
      await decideOn(await inReview(handle), approve);
      await atStep(handle, 'awaiting_amount');
      const amount = fakes.payouts[0]!.amountFen;
      const wrong = amount === 99 ? 98 : amount + 1;
      expect(await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: wrong }] })).toEqual({ correct: false, attemptsLeft: 1 });
      expect(await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: wrong }] })).toEqual({ correct: false, attemptsLeft: 0 });
      expect(await refusal(handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: amount }] }))).toMatch(/no payout amount is awaited|is failed|not found/);
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'remittance_attempts_exhausted' });
    expect(fakes.completions).toEqual([]);
    expect(fakes.notifications.map((n) => [n.outcome, n.reason])).toEqual([
      ['review_approved', approve.reason],
      ['failed', 'remittance_attempts_exhausted'],
    ]);
  });

  it('R-E6.4, R-E6.5: a payout the bank reports later opens the 7-day window at arrival; no entry fails remittance_expired', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const view = await run(fakes, 'remit-late', input('remit-late', { method: 'remittance', remittance: details }), async (handle) => {
      await decideOn(await inReview(handle), approve);
      await atStep(handle, 'awaiting_payout_delivery');
      await env.sleep(2 * DAY);
      // Still waiting for the bank: the window has not started.
      expect((await handle.query(enterpriseViewQuery)).step).toBe('awaiting_payout_delivery');
      const deliveredFrom = await env.currentTimeMs();
      await handle.signal(payoutDeliveredSignal, { eventId: 'bank-1', idempotencyKey: fakes.payouts[0]!.idempotencyKey, deliveredAt: deliveredFrom });
      const awaiting = await atStep(handle, 'awaiting_amount');
      expect(awaiting.remittance!.amountDeadline! - awaiting.remittance!.deliveredAt!).toBe(7 * DAY);
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'remittance_expired' });
    expect(fakes.notifications.at(-1)).toMatchObject({ outcome: 'failed', reason: 'remittance_expired' });
  });

  it('R-G7, R-E6.4: a payout the bank never reports fails the process payout_not_delivered at its deadline', async () => {
    const fakes = fakeEnterpriseActivities({ payoutDelivered: false });
    const base = input('remit-undelivered', { method: 'remittance', remittance: details });
    const view = await run(fakes, 'remit-undelivered', { ...base, durations: { ...base.durations, payoutDeliveryDeadline: '10 days' } }, async (handle) => {
      await decideOn(await inReview(handle), approve);
      await atStep(handle, 'awaiting_payout_delivery');
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'payout_not_delivered' });
    expect(fakes.payouts).toHaveLength(1);
    expect(fakes.notifications.at(-1)).toMatchObject({ outcome: 'failed', reason: 'payout_not_delivered' });
  });

  it('R-E6.3: withdrawing the review before a decision returns to method choice; recharge can then be chosen', async () => {
    const fakes = fakeEnterpriseActivities();
    const view = await run(fakes, 'remit-withdraw', input('remit-withdraw', { method: 'remittance', remittance: details }), async (handle) => {
      const review = await inReview(handle);
      const afterWithdrawal = await handle.executeUpdate(withdrawReviewUpdate, { args: [{ processId: (await handle.query(enterpriseViewQuery)).processId, request: 'withdraw_review' }] });
      expect(afterWithdrawal.step).not.toBe('in_review');
      await atStep(handle, 'choosing_method');
      expect((await review.query(reviewViewQuery)).status).toBe('withdrawn');
      // A decision after the withdrawal is refused.
      // The review is over: a decision sent now reaches nothing.
      await expect(decideOn(review, approve)).rejects.toThrow();
      const chosen = await handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'recharge' }] });
      expect(chosen).toMatchObject({ step: 'awaiting_payment', method: 'recharge' });
      return chosen;
    });
    expect(view.recharge!.attemptsLeft).toBe(2);
    expect(fakes.payouts).toEqual([]);
    expect(fakes.closedReviews).toEqual([expect.objectContaining({ status: 'withdrawn' })]);
    expect(fakes.steps.map((s) => s.step)).toEqual(['awaiting_handler_face', 'in_review', 'review_withdrawn', 'choosing_method', 'awaiting_payment']);
  });

  it('R-E6.3: a withdrawal that reaches a review an operator has just decided, while it closes, changes nothing: the decision stands and the process moves on', async () => {
    const fakes = fakeEnterpriseActivities();
    let closing = false;
    let closed!: () => void;
    const release = new Promise<void>((resolve) => (closed = resolve));
    const closeReview = fakes.activities.closeReview;
    fakes.activities.closeReview = async (closingInput) => {
      closing = true;
      await release;
      return closeReview(closingInput);
    };
    const { withdrawal, decided } = await run(fakes, 'remit-withdraw-late', input('remit-withdraw-late', { method: 'remittance', remittance: details }), async (handle) => {
      const review = await inReview(handle);
      const decision = decideOn(review, approve);
      while (!closing) await new Promise((resolve) => setTimeout(resolve, 20));
      // Decided and closing, not yet closed: the process still shows the review, so the holder may ask.
      const withdrawing = handle.executeUpdate(withdrawReviewUpdate, { args: [{ processId: 'prc_remit-withdraw-late', request: 'withdraw_review' }] });
      const signalled = async () => ((await review.fetchHistory()).events ?? []).some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'withdrawReview');
      while (!(await signalled())) await new Promise((resolve) => setTimeout(resolve, 20));
      closed();
      return { withdrawal: await withdrawing, decided: await decision };
    });
    expect(decided).toMatchObject({ status: 'approved' });
    // The withdrawal answers with where the decision took the process.
    expect(withdrawal.step).not.toBe('in_review');
    expect(fakes.closedReviews.map((r) => r.status)).toEqual(['approved']);
    expect(fakes.steps.map((s) => s.step)).not.toContain('review_withdrawn');
    expect(fakes.payouts).toHaveLength(1);
  });

  it('R-E6.3: once the review is approved, a withdrawal while the payout is being sent is refused (nothing to withdraw), and the payout goes once', async () => {
    const fakes = fakeEnterpriseActivities();
    let sending = false;
    let sent!: () => void;
    const release = new Promise<void>((resolve) => (sent = resolve));
    const sendPayout = fakes.activities.sendPayout;
    fakes.activities.sendPayout = async (payout) => {
      sending = true;
      await release;
      return sendPayout(payout);
    };
    const { withdrawal, shown } = await run(fakes, 'remit-withdraw-approved', input('remit-withdraw-approved', { method: 'remittance', remittance: details }), async (handle) => {
      const review = await inReview(handle);
      await decideOn(review, approve);
      while (!sending) await new Promise((resolve) => setTimeout(resolve, 20));
      // The bank is slow: the process still shows the review it is acting on.
      const shownNow = await handle.query(enterpriseViewQuery);
      const refused = await handle.executeUpdate(withdrawReviewUpdate, { args: [{ processId: 'prc_remit-withdraw-approved', request: 'withdraw_review' }] }).then(
        () => null,
        (error: { cause?: { type?: string } }) => error.cause?.type,
      );
      sent();
      await atStep(handle, 'awaiting_amount');
      return { withdrawal: refused, shown: shownNow.step };
    });
    expect(shown).toBe('in_review');
    expect(withdrawal).toBe('NothingToWithdraw');
    expect(fakes.steps.map((s) => s.step)).not.toContain('review_withdrawn');
    expect(fakes.payouts).toHaveLength(1);
  });

  it('R-E6.3, R-G5: a rejection is notified with its reason and returns to method choice; resubmitted materials get a new review', async () => {
    const fakes = fakeEnterpriseActivities();
    await run(fakes, 'remit-reject', input('remit-reject', { method: 'remittance', remittance: details }), async (handle) => {
      const review = await inReview(handle);
      await decideOn(review, { decision: 'reject', reason: 'portrait side photo is blurred', operator: 'op-2' });
      const choosing = await atStep(handle, 'choosing_method');
      expect(choosing.remittance!.reviewReason).toBe('portrait side photo is blurred');
      await handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'remittance', remittance: details }] });
      const second = await (async () => {
        await passFace(handle);
        return atStep(handle, 'in_review');
      })();
      expect(second.remittance!.reviewId).not.toBe(choosing.remittance!.reviewId);
    });
    expect(fakes.notifications[0]).toMatchObject({ outcome: 'review_rejected', reason: 'portrait side photo is blurred' });
    expect(fakes.reviews).toHaveLength(2);
  });

  it('R-E6.4: a payout the bank refuses for the account sends the holder back to correct the details; the corrected ones go through a new review and verify', async () => {
    const wrongAccount = '6222020200112230000';
    const fakes = fakeEnterpriseActivities({ refusedAccounts: { [wrongAccount]: 'account_invalid' } });
    const mistyped: RemittanceDetails = { ...details, bankAccount: { ...details.bankAccount, accountNumber: wrongAccount } };
    const { view, refused } = await run(fakes, 'remit-refused', input('remit-refused', { method: 'remittance', remittance: mistyped }), async (handle) => {
      await decideOn(await inReview(handle), approve);
      const refused = await viewWhen(handle, (v) => v.step === 'choosing_method' && v.remittance?.payoutRefusal != null);
      expect(refused.status).toBe('open');
      // The holder corrects the account: a new face check and review, since the review judged the bank details too (R-E6.3).
      await handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'remittance', remittance: details }] });
      const second = await inReview(handle);
      expect(second.workflowId).not.toBe(reviewWorkflowId(refused.remittance!.reviewId!));
      await decideOn(second, approve);
      await atStep(handle, 'awaiting_amount');
      await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: fakes.payouts[0]!.amountFen }] });
      return { view: (await handle.result()) as EnterpriseView, refused };
    });
    expect(refused.remittance!.payoutRefusal).toBe('account_invalid');
    expect(view).toMatchObject({ status: 'verified', method: 'remittance' });
    // Nothing was paid to the refused account; the one payout went to the corrected one.
    expect(fakes.payouts.map((p) => p.bankAccount.accountNumber)).toEqual([details.bankAccount.accountNumber]);
    const refusedStep = fakes.steps.find((s) => s.step === 'payout_refused');
    expect(refusedStep?.detail).toMatchObject({ refusal: 'account_invalid', reviewId: refused.remittance!.reviewId });
    expect(fakes.notifications).toContainEqual(expect.objectContaining({ outcome: 'payout_refused', reason: 'account_invalid' }));
    expect(fakes.steps.map((s) => s.step)).toEqual([
      'awaiting_handler_face', 'in_review', 'payout_refused', 'choosing_method', 'awaiting_handler_face', 'in_review', 'awaiting_amount', 'verified',
    ]);
  });

  it('R-E6.4: a payout that fails for any other reason than a refused account still ends the process in error (R-G7), not back at method choice', async () => {
    const fakes = fakeEnterpriseActivities();
    fakes.activities.sendPayout = async () => {
      throw ApplicationFailure.create({ type: 'ProviderRejected', message: 'bank payout: amount_invalid', nonRetryable: true, details: [{ status: 422, code: 'amount_invalid' }] });
    };
    const failure = await run(fakes, 'remit-provider-rejected', input('remit-provider-rejected', { method: 'remittance', remittance: details }), async (handle) => {
      await decideOn(await inReview(handle), approve);
      return handle.result().then(
        () => null,
        (error: unknown) => error,
      );
    });
    expect(failure).not.toBeNull();
    expect(fakes.steps.map((s) => s.step)).not.toContain('payout_refused');
    expect(fakes.notifications.map((n) => n.outcome)).not.toContain('payout_refused');
  });

  it('R-G7: with every method it may run spent, another choice is refused (MethodChoicesExhausted) and the method running is the last', async () => {
    const fakes = fakeEnterpriseActivities();
    const args = input('remit-choices', { method: 'remittance', remittance: details }, { maxMethodChoices: 2 });
    const { view, exhausted } = await run(fakes, 'remit-choices', args, async (handle) => {
      // The first method, then a second: the limit of 2 is reached while the second runs.
      await decideOn(await inReview(handle), { decision: 'reject', reason: 'photo unreadable', operator: 'op-3' });
      await atStep(handle, 'choosing_method');
      await handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'wechat_official_account' }] });
      await atStep(handle, 'awaiting_scan');
      // While the second method's code waits, a third choice is refused.
      const exhausted = await refusal(handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'recharge' }] }));
      return { view: (await handle.result()) as EnterpriseView, exhausted };
    });
    expect(exhausted).toMatch(/ran its 2 methods/);
    // The second method's code was never scanned: the process ended at its deadline, no third method run.
    expect(view).toMatchObject({ status: 'failed', failureReason: 'abandoned' });
    expect(fakes.steps.map((s) => s.step)).not.toContain('awaiting_payment');
  });

  it('R-G7: a refused payout with no method choice left ends the process method_choices_exhausted now, not at its 7-day deadline', async () => {
    const wrongAccount = '6222020200112230000';
    const fakes = fakeEnterpriseActivities({ refusedAccounts: { [wrongAccount]: 'payee_name_mismatch' } });
    const mistyped: RemittanceDetails = { ...details, bankAccount: { ...details.bankAccount, accountNumber: wrongAccount } };
    const { view, startedAt, endedAt } = await run(fakes, 'remit-refused-last', input('remit-refused-last', { method: 'remittance', remittance: mistyped }, { maxMethodChoices: 1 }), async (handle) => {
      await decideOn(await inReview(handle), approve);
      const startedAt = await stepAt(fakes, 'payout_refused');
      const view = (await handle.result()) as EnterpriseView;
      return { view, startedAt, endedAt: fakes.steps.at(-1)!.at };
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'method_choices_exhausted' });
    expect(endedAt - startedAt).toBeLessThan(DAY);
    expect(fakes.steps.map((s) => s.step).slice(-2)).toEqual(['payout_refused', 'failed']);
    expect(fakes.notifications.map((n) => n.outcome)).toEqual(expect.arrayContaining(['payout_refused', 'failed']));
    // The refusal's notice does not invite a resubmission the process can no longer take.
    expect(fakes.notifications.find((n) => n.outcome === 'payout_refused')).toMatchObject({ lastMethod: true });
  });

  it('R-E6.3, R-G7: in the last method the process may run, a withdrawal is refused and the review goes on; a rejection is notified as the end', async () => {
    const fakes = fakeEnterpriseActivities();
    const { withdrawal, view } = await run(fakes, 'remit-last-withdraw', input('remit-last-withdraw', { method: 'remittance', remittance: details }, { maxMethodChoices: 1 }), async (handle) => {
      const review = await inReview(handle);
      const withdrawal = await refusal(handle.executeUpdate(withdrawReviewUpdate, { args: [{ processId: 'prc_remit-last-withdraw', request: 'withdraw_review' }] }));
      expect((await handle.query(enterpriseViewQuery)).step).toBe('in_review');
      await decideOn(review, { decision: 'reject', reason: 'photo unreadable', operator: 'op-4' });
      return { withdrawal, view: (await handle.result()) as EnterpriseView };
    });
    expect(withdrawal).toMatch(/no other can be picked after a withdrawal/);
    expect(view).toMatchObject({ status: 'failed', failureReason: 'method_choices_exhausted' });
    expect(fakes.closedReviews.map((r) => r.status)).not.toContain('withdrawn');
    expect(fakes.notifications.find((n) => n.outcome === 'review_rejected')).toMatchObject({ lastMethod: true });
  });

  it('R-E6.3, R-G6: past 5 business days (across a weekend) the review is escalated and flagged, never approved by the clock', async () => {
    const fakes = fakeEnterpriseActivities();
    const args = input('remit-sla', { method: 'remittance', remittance: details }, { reviewSlaBusinessDays: 5 });
    await run(fakes, 'remit-sla', args, async (handle) => {
      const review = await inReview(handle);
      const created = fakes.reviews[0]!;
      const submittedAt = await stepAt(fakes, 'in_review');
      // Five business days always span a weekend, so the deadline is more than six calendar days away.
      expect(created.dueAt).toBe(addBusinessDays(submittedAt, 5, args.calendar!));
      expect(created.dueAt - submittedAt).toBeGreaterThan(6 * DAY);
      await env.sleep(created.dueAt - (await env.currentTimeMs()) - 3600_000);
      expect(fakes.escalations).toEqual([]);
      expect((await review.query(reviewViewQuery)).escalated).toBe(false);
      await env.sleep(2 * 3600_000);
      expect((await review.query(reviewViewQuery)).escalated).toBe(true);
      expect(fakes.escalations).toEqual([expect.objectContaining({ reviewId: created.reviewId, dueAt: created.dueAt })]);
      const described = await review.describe();
      expect(described.typedSearchAttributes.get({ name: 'ReviewOverdue', type: 'BOOL' } as never)).toBe(true);
      await env.sleep(10 * DAY);
      expect((await review.query(reviewViewQuery)).status).toBe('pending');
      expect((await handle.query(enterpriseViewQuery)).step).toBe('in_review');
      // Security finding 4: the Web UI's signal names whoever it likes and skips the claim: dropped.
      await review.signal(reviewDecisionSignal, { reviewId: created.reviewId, decision: 'approve', reason: 'checked late, all good', operator: 'chief-compliance-officer' });
      await env.sleep(60_000);
      expect((await review.query(reviewViewQuery)).status).toBe('pending');
      expect(fakes.closedReviews).toEqual([]);
      await decideOn(review, { ...approve, reason: 'checked late, all good' });
      await atStep(handle, 'awaiting_amount');
    });
    expect(fakes.escalations).toHaveLength(1);
    expect(fakes.closedReviews).toEqual([expect.objectContaining({ status: 'approved', actor: 'op-1', via: 'api' })]);
  });

  it('security finding 4: a decision sealed for another review decides nothing here, and the API path is recorded as such whatever it claims', async () => {
    const fakes = fakeEnterpriseActivities();
    await run(fakes, 'remit-wrong-review', input('remit-wrong-review', { method: 'remittance', remittance: details }), async (handle) => {
      const review = await inReview(handle);
      const elsewhere = { ...approve, reviewId: 'another-review' };
      expect(await refusal(review.executeUpdate(decideReviewUpdate, { args: [elsewhere] }))).toMatch(/not .*for review|is for review another-review/);
      expect((await review.query(reviewViewQuery)).status).toBe('pending');
      await decideOn(review, { ...approve, via: 'web_ui' });
      await atStep(handle, 'awaiting_amount');
    });
    expect(fakes.closedReviews).toEqual([expect.objectContaining({ status: 'approved', actor: 'op-1', via: 'api' })]);
  });

  it('security finding 2: a withdrawal sent to the review without its sealed argument (not by its process) is dropped', async () => {
    const fakes = fakeEnterpriseActivities();
    await run(fakes, 'remit-forged-withdrawal', input('remit-forged-withdrawal', { method: 'remittance', remittance: details }), async (handle) => {
      const review = await inReview(handle);
      await review.signal('withdrawReview');
      await env.sleep(60_000);
      expect((await review.query(reviewViewQuery)).status).toBe('pending');
      expect(fakes.closedReviews).toEqual([]);
      expect((await handle.query(enterpriseViewQuery)).step).toBe('in_review');
      // The holder's own withdrawal, through the process, still works.
      const processId = (await handle.query(enterpriseViewQuery)).processId;
      expect((await handle.executeUpdate(withdrawReviewUpdate, { args: [{ processId, request: 'withdraw_review' }] })).step).not.toBe('in_review');
    });
    expect(fakes.closedReviews).toEqual([expect.objectContaining({ status: 'withdrawn' })]);
  });

  it('R-P10, R-E6.2: the handler\'s face code is issued for the handler; the legal person passing it is a failed try', async () => {
    const fakes = fakeEnterpriseActivities();
    await run(fakes, 'remit-wrong-face', input('remit-wrong-face', { method: 'remittance', remittance: details }), async (handle) => {
      const face = await atStep(handle, 'awaiting_handler_face');
      expect(personOf(face.qrCode!.ticket)).toEqual({ ...details.handler, documentType: 'mainland_id' });
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'wrong', ticket: face.qrCode!.ticket, type: 'passed', person: { ...legalPerson, documentType: 'mainland_id' } });
      const failed = await atStep(handle, 'face_failed');
      expect(failed).toMatchObject({ lastFaceFailure: 'identity_wrong', faceTriesLeft: 1 });
      expect(fakes.reviews).toEqual([]);
    });
  });

  it('R-E6.3: a decision without a reason is refused and the review stays pending', async () => {
    const fakes = fakeEnterpriseActivities();
    await run(fakes, 'remit-noreason', input('remit-noreason', { method: 'remittance', remittance: details }), async (handle) => {
      const review = await inReview(handle);
      expect(await refusal(decideOn(review, { decision: 'approve', reason: '  ', operator: 'op-1' }))).toMatch(/reason is mandatory/);
      expect((await review.query(reviewViewQuery)).status).toBe('pending');
    });
  });

  it('R-E4: WeChat Official Account verifies when the verified name equals the submitted name', async () => {
    const fakes = fakeEnterpriseActivities();
    const view = await run(fakes, 'oa-ok', input('oa-ok', { method: 'wechat_official_account' }), async (handle) => {
      const waiting = await atStep(handle, 'awaiting_scan');
      const ticket = waiting.qrCode!.ticket;
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket, type: 'scanned' });
      await handle.signal(providerEventSignal, {
        provider: 'wechat',
        eventId: 'w2',
        ticket,
        type: 'authorized',
        realName: { name: '赵六', documentNumber: '110105198001010016' },
        officialAccountName: enterprise.name,
      });
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'verified', method: 'wechat_official_account' });
    expect(fakes.issued[0]).toMatchObject({ provider: 'wechat' });
    expect(fakes.completions).toEqual([expect.objectContaining({ method: 'wechat_official_account' })]);
  });

  it('R-E4, R-P4: an authorisation that reached the process with a method choice is judged first; the choice answers with the verified process', async () => {
    const fakes = fakeEnterpriseActivities();
    const taskQueue = `enterprise-${Math.random().toString(36).slice(2)}`;
    // No cache: the second worker replays the history, and its first task holds the signals and the update together.
    const first = await testWorker(env, taskQueue, fakes.activities, { maxCachedWorkflows: 0 });
    const { handle, ticket } = await first.runUntil(async () => {
      const started = await env.client.workflow.start('enterpriseVerification', { taskQueue, workflowId: `wf-ent-oa-choice-${Date.now()}`, args: [input('oa-choice', { method: 'wechat_official_account' })] , workflowTaskTimeout: HANDOVER_TASK_TIMEOUT });
      return { handle: started, ticket: (await atStep(started, 'awaiting_scan')).qrCode!.ticket };
    });
    await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket, type: 'scanned' });
    await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w2', ticket, type: 'authorized', realName: { name: '赵六', documentNumber: '110105198001010016' }, officialAccountName: enterprise.name });
    const choice = handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'recharge' }] });
    const second = await testWorker(env, taskQueue, fakes.activities);
    const { view, chosen } = await second.runUntil(async () => ({ view: (await handle.result()) as EnterpriseView, chosen: await choice }));
    expect(view).toMatchObject({ status: 'verified', method: 'wechat_official_account' });
    expect(chosen).toMatchObject({ status: 'verified' });
    expect(fakes.completions).toEqual([expect.objectContaining({ method: 'wechat_official_account' })]);
  });

  it('R-E4: an official account verified under another name fails official_account_name_mismatch', async () => {
    const fakes = fakeEnterpriseActivities();
    const view = await run(fakes, 'oa-bad', input('oa-bad', { method: 'wechat_official_account' }), async (handle) => {
      const ticket = (await atStep(handle, 'awaiting_scan')).qrCode!.ticket;
      await handle.signal(providerEventSignal, {
        provider: 'wechat',
        eventId: 'w1',
        ticket,
        type: 'authorized',
        realName: { name: '赵六', documentNumber: '110105198001010016' },
        officialAccountName: '北京另一家科技有限公司',
      });
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'official_account_name_mismatch' });
  });

  it('R-E4: legal person WeChat QR verifies only when WeChat reports the legal person', async () => {
    const fakes = fakeEnterpriseActivities();
    const ok = await run(fakes, 'lpw-ok', input('lpw-ok', { method: 'legal_person_wechat', legalPerson }), async (handle) => {
      const ticket = (await atStep(handle, 'awaiting_scan')).qrCode!.ticket;
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket, type: 'authorized', realName: legalPerson });
      return (await handle.result()) as EnterpriseView;
    });
    expect(ok).toMatchObject({ status: 'verified', method: 'legal_person_wechat' });
    const other = fakeEnterpriseActivities();
    const bad = await run(other, 'lpw-bad', input('lpw-bad', { method: 'legal_person_wechat', legalPerson }), async (handle) => {
      const ticket = (await atStep(handle, 'awaiting_scan')).qrCode!.ticket;
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket, type: 'authorized', realName: details.handler });
      return (await handle.result()) as EnterpriseView;
    });
    expect(bad).toMatchObject({ status: 'failed', failureReason: 'legal_person_mismatch' });
  });

  it.each(['legal_person_wechat', 'legal_person_face'] as const)(
    'R-E4: %s for someone the registry does not hold as the legal representative fails legal_person_mismatch before any code is issued',
    async (method) => {
      const fakes = fakeEnterpriseActivities();
      const impostor = { name: '非法人王五', documentNumber: '110105194912310037' };
      const view = await run(fakes, `lp-not-${method}`, input(`lp-not-${method}`, { method, legalPerson: impostor }), async (handle) => (await handle.result()) as EnterpriseView);
      expect(view).toMatchObject({ status: 'failed', failureReason: 'legal_person_mismatch' });
      expect(fakes.issued).toEqual([]);
      expect(fakes.completions).toEqual([]);
      // That person was asked about, for this enterprise's code.
      expect(fakes.legalRepresentativeChecks).toEqual([{ creditCode: enterprise.creditCode, name: impostor.name, documentNumber: impostor.documentNumber }]);
      expect(fakes.notifications.at(-1)).toMatchObject({ outcome: 'failed', reason: 'legal_person_mismatch' });
    },
  );

  it('R-G7: a legal-person method whose registry stays down until the deadline fails registry_unavailable before any code, and the holder is not held', async () => {
    const fakes = fakeEnterpriseActivities();
    fakes.activities.confirmLegalRepresentative = async () => {
      throw ApplicationFailure.create({ type: 'RegistryDeadlinePassed', message: 'the process reached its deadline before the registry could confirm the legal representative', nonRetryable: true });
    };
    const legalPerson = { name: '王五', documentNumber: '110105194912310037' };
    const view = await run(fakes, 'lp-registry-down', input('lp-registry-down', { method: 'legal_person_face', legalPerson }), async (handle) => (await handle.result()) as EnterpriseView);
    expect(view).toMatchObject({ status: 'failed', failureReason: 'registry_unavailable' });
    expect(fakes.issued).toEqual([]);
  });

  it('R-E4: the legal representative the registry holds is asked about once, then scans: verified', async () => {
    const fakes = fakeEnterpriseActivities();
    const view = await run(fakes, 'lp-held', input('lp-held', { method: 'legal_person_wechat', legalPerson }), async (handle) => {
      const ticket = (await atStep(handle, 'awaiting_scan')).qrCode!.ticket;
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket, type: 'authorized', realName: legalPerson });
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'verified' });
    expect(fakes.legalRepresentativeChecks).toEqual([{ creditCode: enterprise.creditCode, ...legalPerson }]);
  });

  it('R-E4: legal person WeChat QR cannot be chosen for a code not starting with 91/92', async () => {
    const fakes = fakeEnterpriseActivities();
    const institution = { ...enterprise, creditCode: '12100000400000624D' };
    await run(fakes, 'lpw-refused', input('lpw-refused', { method: 'legal_person_face', legalPerson }, { enterprise: institution }), async (handle) => {
      await atStep(handle, 'awaiting_scan');
      expect(await refusal(handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'legal_person_wechat', legalPerson }] }))).toMatch(/91 or 92/);
      // R-P8: another method waits while the face code may be in use (no result yet, not expired); once it expired, it is fine.
      await expect(handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'wechat_official_account' }] })).rejects.toMatchObject({ cause: expect.objectContaining({ type: 'QrCodeInUse' }) });
      await expect(handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: (await handle.query(enterpriseViewQuery)).processId, request: 'refresh_code' }] })).rejects.toMatchObject({
        cause: expect.objectContaining({ type: 'QrCodeInUse' }),
      });
      await env.sleep('11 minutes');
      await queryUntil(handle, enterpriseViewQuery, (v) => v.qrCode?.expired === true);
      const switched = await handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'wechat_official_account' }] });
      expect(switched).toMatchObject({ method: 'wechat_official_account', step: 'awaiting_scan' });
    });
  });

  it('R-E4, R-P7: a method choice or a refresh accepted while the official account code was unused is refused once a scan that came with it is judged; the scanned code stays', async () => {
    for (const asked of ['choice', 'refresh'] as const) {
      const id = `oa-${asked}-after-scan`;
      const fakes = fakeEnterpriseActivities();
      const taskQueue = `enterprise-${Math.random().toString(36).slice(2)}`;
      // No cache: the second worker replays the history, and its first task holds the scan and the request together.
      const first = await testWorker(env, taskQueue, fakes.activities, { maxCachedWorkflows: 0 });
      const { handle, ticket } = await first.runUntil(async () => {
        const started = await env.client.workflow.start('enterpriseVerification', { taskQueue, workflowId: `wf-ent-${id}`, args: [input(id, { method: 'wechat_official_account' })] , workflowTaskTimeout: HANDOVER_TASK_TIMEOUT });
        const shown = await queryUntil(started, enterpriseViewQuery, (v) => v.step === 'awaiting_scan' && v.qrCode !== null);
        return { handle: started, ticket: shown.qrCode!.ticket };
      });
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket, type: 'scanned' });
      const request =
        asked === 'choice'
          ? handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'recharge' }] })
          : handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: `prc_${id}`, request: 'refresh_code' }] });
      const answer = request.then(
        () => 'accepted',
        (error: { cause?: { type?: string } }) => error.cause?.type ?? 'refused',
      );
      const second = await testWorker(env, taskQueue, fakes.activities);
      const outcome = await second.runUntil(async () => {
        const refused = await answer;
        const view = await handle.query(enterpriseViewQuery);
        await handle.terminate('test over');
        return { refused, step: view.step, method: view.method, ticket: view.qrCode?.ticket };
      });
      expect({ asked, ...outcome }).toEqual({
        asked,
        refused: asked === 'choice' ? 'MethodChoiceNotNow' : 'NoCodeToRefresh',
        step: 'awaiting_authorization',
        method: 'wechat_official_account',
        ticket,
      });
      expect(fakes.steps.map((s) => s.step)).not.toContain('awaiting_payment');
    }
  });

  it('R-E4, R-P7: while a chosen method prepares its first code (the registry asked about the legal person), another choice or a refresh is refused; the chosen method then shows its code', async () => {
    const fakes = fakeEnterpriseActivities();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asking = false;
    const confirm = fakes.activities.confirmLegalRepresentative;
    fakes.activities.confirmLegalRepresentative = async (query) => {
      asking = true;
      await held;
      return confirm(query);
    };
    const id = 'choice-while-preparing';
    const outcome = await run(fakes, id, input(id, { method: 'wechat_official_account' }), async (handle) => {
      try {
        await queryUntil(handle, enterpriseViewQuery, (v) => v.step === 'awaiting_scan' && v.qrCode !== null);
        const chosen = handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'legal_person_face', legalPerson }] });
        for (let i = 0; i < 200 && !asking; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        const answerOf = (asked: Promise<unknown>) => asked.then(() => 'accepted', (error: { cause?: { type?: string } }) => error.cause?.type ?? 'refused');
        const second = await answerOf(handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'recharge' }] }));
        const refresh = await answerOf(handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: `prc_${id}`, request: 'refresh_code' }] }));
        release();
        const view = await chosen;
        return { asking, second, refresh, view };
      } finally {
        // A held activity would keep the worker from shutting down.
        release();
        await handle.terminate('test over').catch(() => undefined);
      }
    });
    expect(outcome).toMatchObject({ asking: true, second: 'MethodChoiceNotNow', refresh: 'NoCodeToRefresh' });
    expect(outcome.view).toMatchObject({ method: 'legal_person_face', step: 'awaiting_scan', qrCode: { ticket: expect.any(String) } });
    // R-P7: the official account's code and the legal person's, nothing for the refused requests.
    expect(fakes.steps.map((s) => s.step)).not.toContain('awaiting_payment');
  });

  it('R-E4: legal person face recognition: a code valid until a stated time, a failed try, a fresh code, then a pass', async () => {
    const fakes = fakeEnterpriseActivities();
    const view = await run(fakes, 'lpf', input('lpf', { method: 'legal_person_face', legalPerson }), async (handle) => {
      const first = await atStep(handle, 'awaiting_scan');
      const validFor = first.qrCode!.expiresAt - (await stepAt(fakes, 'awaiting_scan'));
      expect(validFor).toBeLessThanOrEqual(10 * 60_000);
      expect(validFor).toBeGreaterThan(9 * 60_000);
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: first.qrCode!.ticket, type: 'failed', reason: 'face_covered' });
      const failed = await atStep(handle, 'face_failed');
      expect(failed).toMatchObject({ lastFaceFailure: 'face_covered', faceTriesLeft: 1 });
      const fresh = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: (await handle.query(enterpriseViewQuery)).processId, request: 'refresh_code' }] });
      expect(fresh.ticket).not.toBe(first.qrCode!.ticket);
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f2', ticket: fresh.ticket, type: 'passed', person: personOf(fresh.ticket) });
      return (await handle.result()) as EnterpriseView;
    });
    expect(view).toMatchObject({ status: 'verified', method: 'legal_person_face' });
  });

  it('R-P10, R-E4: the legal person face code is issued for the legal person; the handler passing it is a failed try', async () => {
    const fakes = fakeEnterpriseActivities();
    await run(fakes, 'lpf-wrong', input('lpf-wrong', { method: 'legal_person_face', legalPerson }), async (handle) => {
      const code = await atStep(handle, 'awaiting_scan');
      expect(personOf(code.qrCode!.ticket)).toEqual({ ...legalPerson, documentType: 'mainland_id' });
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'wrong', ticket: code.qrCode!.ticket, type: 'passed', person: { ...details.handler, documentType: 'mainland_id' } });
      expect(await atStep(handle, 'face_failed')).toMatchObject({ lastFaceFailure: 'identity_wrong', faceTriesLeft: 1 });
      expect(fakes.completions).toEqual([]);
    });
  });

  it('R-E4: an unused code expires at its stated time and the process is abandoned after 7 days without a fresh one', async () => {
    const fakes = fakeEnterpriseActivities();
    const view = await run(fakes, 'lpf-abandon', input('lpf-abandon', { method: 'legal_person_face', legalPerson }), (handle) => handle.result());
    expect(view).toMatchObject({ status: 'failed', failureReason: 'abandoned' });
    expect(fakes.steps.some((s) => s.detail?.ticketExpired === true)).toBe(true);
  });

  it.each([
    [true, 7],
    [false, 12],
  ])('R-G7: choosing another method renews the holder\'s 7-day period only in older processes (renewed by reviews only: %s; abandoned after %s days)', async (renewedByReviewsOnly, days) => {
    const fakes = fakeEnterpriseActivities();
    const base = input(`abandon-${renewedByReviewsOnly}`, { method: 'wechat_official_account' });
    const args = { ...base, durations: { ...base.durations, ...(renewedByReviewsOnly ? { abandonmentRenewedByReviewsOnly: true } : {}) } };
    const view = await run(fakes, `abandon-${renewedByReviewsOnly}`, args, async (handle) => {
      await queryUntil(handle, enterpriseViewQuery, (v) => v.step === 'awaiting_scan');
      await env.sleep(5 * DAY);
      await handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'legal_person_face', legalPerson }] });
      return handle.result() as Promise<EnterpriseView>;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'abandoned' });
    const lasted = fakes.steps.at(-1)!.at - fakes.steps[0]!.at;
    expect(Math.round(lasted / DAY)).toBe(days);
  });
});
