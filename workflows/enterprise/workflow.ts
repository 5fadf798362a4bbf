import { condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { drawSmallAmount } from '../../domain';
import type { EnterpriseActivities } from '../../activities/enterprise/types';
import { VerificationStatus } from '../search-attributes';
import { ACTIVITY_OPTIONS } from '../activity-options';
import { durationMs } from '../duration';
import {
  REGISTRY_NOT_FOUND_DETAIL,
  SANDBOX_PAYEE_ACCOUNT,
  type EnterpriseFailureReason,
  type EnterpriseStep,
  type EnterpriseVerificationInput,
  type EnterpriseView,
  type PaymentArrival,
  enterpriseViewQuery,
  processOpenedUpdate,
  paymentArrivedSignal,
} from './messages';

const activities = proxyActivities<EnterpriseActivities>(ACTIVITY_OPTIONS);

const sameName = (a: string, b: string) => a.trim() === b.trim();

/**
 * Enterprise verification by recharge (R-E3, R-E5, R-E7, R-E9).
 *
 * Looks the enterprise up in the business registry, draws the amount once,
 * then waits for payments until the recharge window closes: a payment from
 * the enterprise's own name with the drawn amount completes it; any other
 * payment is refunded and uses one attempt. Every outcome is notified (R-G5).
 */
export async function enterpriseVerification(input: EnterpriseVerificationInput): Promise<EnterpriseView> {
  const startedAt = Date.now();
  const view: EnterpriseView = {
    processId: input.processId,
    status: 'open',
    step: 'starting',
    recharge: null,
    failureReason: null,
    failureDetail: null,
  };
  const arrivals: PaymentArrival[] = [];
  const seenEventIds = new Set<string>();
  const seenTransactionIds = new Set<string>();
  let seq = 0;
  let opened = false;

  setHandler(enterpriseViewQuery, () => view);
  setHandler(processOpenedUpdate, async () => {
    await condition(() => opened);
    return view;
  });
  setHandler(paymentArrivedSignal, (arrival) => {
    // The gateway redelivers: an event id has one effect at most.
    if (seenEventIds.has(arrival.eventId)) return;
    seenEventIds.add(arrival.eventId);
    arrivals.push(arrival);
  });

  const record = async (step: EnterpriseStep, detail?: Record<string, unknown>): Promise<void> => {
    view.step = step;
    upsertSearchAttributes([{ key: VerificationStatus, value: step }]);
    await activities.recordEnterpriseStep({
      processId: input.processId,
      seq: seq++,
      step,
      status: view.status,
      at: Date.now(),
      detail,
      failureReason: view.failureReason,
      action: view.status === 'open' && view.recharge ? { recharge: view.recharge } : null,
    });
  };

  const fail = async (reason: EnterpriseFailureReason, detail: string | null = null): Promise<EnterpriseView> => {
    view.status = 'failed';
    view.failureReason = reason;
    view.failureDetail = detail;
    await record('failed', { reason, ...(detail ? { message: detail } : {}) });
    await activities.notifyEnterpriseOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'failed', reason });
    return view;
  };

  const refund = (arrival: PaymentArrival) =>
    activities.refundPayment({ processId: input.processId, transactionId: arrival.transactionId, amountFen: arrival.amountFen });

  const complete = async (arrival: PaymentArrival): Promise<EnterpriseView> => {
    const completion = await activities.completeEnterpriseVerification({
      processId: input.processId,
      accountId: input.accountId,
      enterprise: input.enterprise,
      creditedFen: arrival.amountFen,
      transactionId: arrival.transactionId,
      at: Date.now(),
    });
    if (completion.outcome === 'enterprise_limit_reached') {
      // R-E7: nothing was credited, so the money goes back to the payer.
      await refund(arrival);
      return fail('enterprise_limit_reached');
    }
    view.status = 'verified';
    await record('verified', { creditedFen: arrival.amountFen, transactionId: arrival.transactionId });
    await activities.notifyEnterpriseOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'verified' });
    return view;
  };

  const rechargeWindowMs = durationMs(input.durations.rechargeWindow);
  const eligibility = await activities.openEnterpriseProcess({
    processId: input.processId,
    accountId: input.accountId,
    kind: 'enterprise_verification',
    method: input.method,
    at: startedAt,
    deadlines: {},
  });
  opened = true;
  if (!eligibility.eligible) return fail('account_not_eligible');

  // R-E3: the registry may lag behind a new registration; the person is told to retry later.
  const registry = await activities.lookupRegistry({ name: input.enterprise.name, creditCode: input.enterprise.creditCode });
  if (!registry.found) return fail('registry_not_found', REGISTRY_NOT_FOUND_DETAIL);
  if (registry.registeredName !== undefined && !sameName(registry.registeredName, input.enterprise.name)) {
    return fail('name_mismatch', 'The enterprise name must be exactly the name registered for this credit code.');
  }

  // R-E5: drawn once; Math.random is Temporal's seeded one, so replays draw the same amount.
  view.recharge = {
    amountFen: drawSmallAmount(Math.random),
    payeeAccount: input.payeeAccount ?? SANDBOX_PAYEE_ACCOUNT,
    deadline: Date.now() + rechargeWindowMs,
    attemptsLeft: input.rechargeAttempts,
  };
  const recharge = view.recharge;
  await record('awaiting_payment', { amountFen: recharge.amountFen, deadline: recharge.deadline });

  for (;;) {
    const woke = await condition(() => arrivals.length > 0, Math.max(recharge.deadline - Date.now(), 1));
    if (!woke) return fail('recharge_expired');

    const arrival = arrivals.shift()!;
    // The same payment reported under another event id has no further effect.
    if (seenTransactionIds.has(arrival.transactionId)) continue;
    seenTransactionIds.add(arrival.transactionId);

    if (sameName(arrival.payerName, input.enterprise.name) && arrival.amountFen === recharge.amountFen) {
      return complete(arrival);
    }

    // R-E5: a payment that does not match is refunded and uses one attempt.
    await refund(arrival);
    recharge.attemptsLeft = Math.max(recharge.attemptsLeft - 1, 0);
    await record('payment_refunded', {
      transactionId: arrival.transactionId,
      amountMatched: arrival.amountFen === recharge.amountFen,
      payerMatched: sameName(arrival.payerName, input.enterprise.name),
      attemptsLeft: recharge.attemptsLeft,
    });
    if (recharge.attemptsLeft === 0) return fail('recharge_attempts_exhausted');
    await record('awaiting_payment', { attemptsLeft: recharge.attemptsLeft });
  }
}

