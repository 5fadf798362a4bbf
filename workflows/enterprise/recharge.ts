import { condition, patched } from '@temporalio/workflow';
import { wrongPaymentReason, type RefundReason } from '../../domain';
import { drawAmount } from '../capabilities';
import { durationMs } from '../duration';
import { SANDBOX_PAYEE_ACCOUNT, type PaymentArrival } from './messages';
import type { ProcessContext } from './context';
import { sameName } from './same-name';

/** R-E5: full-width and half-width forms alike (（海淀） is (海淀)), spaces around ignored. */
const sameNameAnyWidth = (a: string, b: string) => sameName(a.normalize('NFKC'), b.normalize('NFKC'));
/** R-E5: and spaces anywhere (a full-width one included) and the case of Latin letters. */
const comparableName = (name: string) => name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
const sameNameAnySpacing = (a: string, b: string) => comparableName(a) === comparableName(b);

function payerNameMatcher(input: ProcessContext['input']): (a: string, b: string) => boolean {
  if (input.payerNameSpacingAlike) return sameNameAnySpacing;
  return input.payerNameFormsAlike ? sameNameAnyWidth : sameName;
}

/** Processes started before it fail at the deadline with payments still on their way (below). */
export const UNHEARD_PAYMENTS_PATCH = 'recharge-waits-for-unheard-payments';
/**
 * R-E5: how long past the deadline a payment received within the window, whose
 * delivery to the process failed, is waited for: the gateway retries a report
 * it got no answer to, and the retry carries the time the API first received it.
 */
export const UNHEARD_PAYMENT_GRACE = '1 hour';

/**
 * R-E5: at the deadline, whether the API recorded payments for this process
 * within the window that never reached it (their signal failed). Then waits, up
 * to the grace, for the next report to arrive (their retry, or any other):
 * true when one did. A payment whose retry never comes is refunded once the
 * process has ended, as every payment no verification took
 * (activities/enterprise/refunds.ts).
 */
async function paymentOnItsWay(ctx: ProcessContext, deadline: number, heard: ReadonlySet<string>): Promise<boolean> {
  const graceEnds = deadline + durationMs(UNHEARD_PAYMENT_GRACE);
  if (Date.now() >= graceEnds || !patched(UNHEARD_PAYMENTS_PATCH)) return false;
  const { transactionIds } = await ctx.activities.unheardPayments({ processId: ctx.input.processId, receivedBefore: deadline, heard: [...heard] });
  if (transactionIds.length === 0) return false;
  return condition(() => ctx.inbox.arrivals.length > 0, Math.max(graceEnds - Date.now(), 1));
}

/**
 * R-E5: draws the amount once, then waits for payments until the window
 * closes. A payment from the enterprise's own name with the drawn amount
 * completes the process and is credited; any other is refunded and uses an
 * attempt. At the deadline, a payment received in time but not delivered yet
 * is waited for (paymentOnItsWay). A payment that arrives once the recharge
 * has ended is not taken here: the worker refunds it (worker/refund-delivery.ts).
 */
export async function recharge(ctx: ProcessContext) {
  const { input, view, inbox, activities } = ctx;
  const seenTransactionIds = new Set<string>();
  // Decided once per transaction id; the worker asks the gateway until it confirms (activities/enterprise/refunds.ts).
  const refund = (arrival: PaymentArrival, reason: RefundReason) =>
    activities.refundPayment({ processId: input.processId, transactionId: arrival.transactionId, amountFen: arrival.amountFen, reason });

  view.recharge = {
    amountFen: await drawAmount(ctx.capabilitiesFromActivities),
    // RECHARGE_PAYEE_ACCOUNT, from the start (api/enterprise-start.ts); processes started before it was passed showed the sandbox's.
    payeeAccount: input.payeeAccount ?? SANDBOX_PAYEE_ACCOUNT,
    deadline: Date.now() + durationMs(input.durations.rechargeWindow),
    attemptsLeft: input.rechargeAttempts,
  };
  const window = view.recharge;
  await ctx.record('awaiting_payment', { amountFen: window.amountFen, deadline: window.deadline });

  for (;;) {
    const woke = await condition(() => inbox.arrivals.length > 0, Math.max(window.deadline - Date.now(), 1));
    if (!woke && !(await paymentOnItsWay(ctx, window.deadline, seenTransactionIds))) return ctx.fail('recharge_expired');

    const arrival = inbox.arrivals.shift()!;
    // The same payment reported under another event id has no further effect.
    if (seenTransactionIds.has(arrival.transactionId)) continue;
    seenTransactionIds.add(arrival.transactionId);
    // R-E5: it arrived once the window had closed, and reaches the process only now (a worker outage): no attempt, refunded.
    if (arrival.receivedAt !== undefined && arrival.receivedAt >= window.deadline) {
      await refund(arrival, 'process_ended');
      continue;
    }

    const judged = { amountMatched: arrival.amountFen === window.amountFen, payerMatched: payerNameMatcher(input)(arrival.payerName, input.enterprise.name) };
    if (judged.amountMatched && judged.payerMatched) {
      // R-E7: when the limit is reached nothing is credited, so the money goes back to the payer.
      return ctx.complete({ amountFen: arrival.amountFen, transactionId: arrival.transactionId }, () => refund(arrival, 'enterprise_limit_reached'));
    }

    await refund(arrival, wrongPaymentReason(judged));
    window.attemptsLeft = Math.max(window.attemptsLeft - 1, 0);
    await ctx.record('payment_refunded', { transactionId: arrival.transactionId, ...judged, attemptsLeft: window.attemptsLeft });
    if (window.attemptsLeft === 0) return ctx.fail('recharge_attempts_exhausted');
    // Past the deadline (a payment received in time, judged late) nothing invites another payment: it would be refunded as late.
    if (Date.now() < window.deadline || !patched(UNHEARD_PAYMENTS_PATCH)) await ctx.record('awaiting_payment', { attemptsLeft: window.attemptsLeft });
  }
}
