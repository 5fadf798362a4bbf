import { Context } from '@temporalio/activity';
import { randomInt, randomUUID } from 'node:crypto';
import { SANDBOX_NOT_LEGAL_REPRESENTATIVE_PREFIX, type LegalRepresentativeQuery } from '../../activities/providers/registry';
import type { RegistryListing } from '../../domain/registry-listing';
import type { CompleteEnterpriseInput, EnterpriseActivities, PayoutOverdueInput, RefundPaymentInput, SendPayoutInput, UnheardPaymentsInput, EnterpriseAtLimitInput } from '../../activities/enterprise/types';
import type { CloseReviewInput, CreateReviewTaskInput } from '../../activities/review/types';
import type { ChangeActivities, ChangeCompletionOutcome, CompleteChangeInput, OpenChangeInput } from '../../activities/change/types';
import type { CheckedPerson } from '../../workflows/individual/messages';
import type { IndividualActivities, ProcessActivities, RecordStepInput, NotifyOutcomeInput, CompleteIndividualInput, IssueQrCodeInput } from '../../activities/types';
import { verificationStages } from '../../activities/verification-stages';
import { payoutRefused } from '../../activities/providers/bank';
import type { PayoutRefusal } from '../../domain/payout-refusals';

/** R-P10: whom each fake face code was issued for, by ticket, so a test's pass can report that person. */
const issuedFor = new Map<string, CheckedPerson>();

/** The person a code was issued for: what a face provider reports with its pass (R-P10). */
export function personOf(ticket: string): CheckedPerson | undefined {
  return issuedFor.get(ticket);
}

/** In-memory activities that record what the workflow asked for. */
export function fakeActivities(options: { eligible?: boolean; completion?: 'verified' | 'identity_limit_reached' } = {}) {
  const steps: RecordStepInput[] = [];
  const notifications: NotifyOutcomeInput[] = [];
  const completions: CompleteIndividualInput[] = [];
  const tickets: string[] = [];
  const issued: IssueQrCodeInput[] = [];
  const writes: ProcessActivities = {
    async openProcess() {
      return { eligible: options.eligible ?? true };
    },
    async recordStep(input) {
      steps.push(input);
    },
    async issueQrCode(input) {
      const ticket = input.ticket ?? randomUUID();
      if (input.person) issuedFor.set(ticket, input.person);
      tickets.push(ticket);
      issued.push({ ...input, ticket });
      return { qrUrl: `sandbox://${input.provider}/${ticket}`, ticket };
    },
    async completeIndividualVerification(input) {
      completions.push(input);
      return { outcome: options.completion ?? 'verified' };
    },
    async notifyOutcome(input) {
      notifications.push(input);
    },
  };
  // The stages are the real composition of the fakes above.
  const activities: IndividualActivities = { ...writes, ...verificationStages(writes) };
  return { activities, steps, notifications, completions, tickets, issued };
}

/** In-memory enterprise activities that record what the workflow asked for. */
export function fakeEnterpriseActivities(
  options: {
    registry?: RegistryListing;
    payoutDelivered?: boolean;
    completion?: 'verified' | 'enterprise_limit_reached';
    /** What `drawSmallAmount` answers; random (1..99) when unset. */
    drawnAmountFen?: number;
    /** R-E6.4: account numbers the bank refuses, and why: nothing is paid to them. */
    refusedAccounts?: Record<string, PayoutRefusal>;
    /** R-E7: what `enterpriseAtLimit` answers, one answer per call, the last repeated (not at the limit when unset). */
    atLimit?: boolean | boolean[];
    /** R-E5: transactions recorded in the window whose signal failed: `unheardPayments` answers those not heard yet. */
    unheard?: string[];
  } = {},
) {
  const drawnAmounts: number[] = [];
  const steps: RecordStepInput[] = [];
  const issued: IssueQrCodeInput[] = [];
  const payouts: (SendPayoutInput & { amountFen: number })[] = [];
  const reviews: CreateReviewTaskInput[] = [];
  const escalations: { reviewId: string; dueAt: number }[] = [];
  const overduePayouts: PayoutOverdueInput[] = [];
  const closedReviews: CloseReviewInput[] = [];
  const notifications: NotifyOutcomeInput[] = [];
  const completions: CompleteEnterpriseInput[] = [];
  const refunds: RefundPaymentInput[] = [];
  const unheardAsked: UnheardPaymentsInput[] = [];
  const legalRepresentativeChecks: LegalRepresentativeQuery[] = [];
  const limitChecks: EnterpriseAtLimitInput[] = [];
  const activities: EnterpriseActivities = {
    async openEnterpriseProcess() {
      return { eligible: true };
    },
    async lookupRegistry({ name }) {
      return options.registry ?? { found: true, registeredName: name };
    },
    async recordEnterpriseStep(step) {
      steps.push(step);
    },
    async refundPayment(refund) {
      refunds.push(refund);
    },
    async confirmLegalRepresentative({ answerBy: _deadline, ...query }) {
      legalRepresentativeChecks.push(query);
      return { isLegalRepresentative: !query.name.startsWith(SANDBOX_NOT_LEGAL_REPRESENTATIVE_PREFIX) };
    },
    async enterpriseAtLimit(input) {
      limitChecks.push(input);
      const answers = Array.isArray(options.atLimit) ? options.atLimit : [options.atLimit ?? false];
      return { atLimit: answers[Math.min(limitChecks.length - 1, answers.length - 1)]! };
    },
    async unheardPayments(input) {
      unheardAsked.push(input);
      return { transactionIds: (options.unheard ?? []).filter((transactionId) => !input.heard.includes(transactionId)) };
    },
    async completeEnterpriseVerification(completion) {
      completions.push(completion);
      return { outcome: options.completion ?? 'verified' };
    },
    async notifyEnterpriseOutcome(notification) {
      notifications.push(notification);
    },
    async issueQrCode(input) {
      const ticket = input.ticket ?? randomUUID();
      if (input.person) issuedFor.set(ticket, input.person);
      issued.push({ ...input, ticket });
      return { qrUrl: `sandbox://${input.provider}/${ticket}`, ticket };
    },
    async drawSmallAmount() {
      const amountFen = options.drawnAmountFen ?? randomInt(1, 100);
      drawnAmounts.push(amountFen);
      return { amountFen };
    },
    async newReviewId() {
      return { reviewId: randomUUID() };
    },
    async sendPayout(input) {
      const refusal = options.refusedAccounts?.[input.bankAccount.accountNumber];
      if (refusal) throw payoutRefused(`fake payout ${input.idempotencyKey}`, refusal);
      // Keyed like the bank: a retried call is the same payout. The activity draws the amount unless an older process brings one.
      if (!payouts.some((p) => p.idempotencyKey === input.idempotencyKey)) {
        payouts.push({ ...input, amountFen: input.amountFen ?? options.drawnAmountFen ?? randomInt(1, 100) });
      }
      return { idempotencyKey: input.idempotencyKey, deliveredAt: options.payoutDelivered === false ? null : Date.now() };
    },
    async flagPayoutOverdue(input) {
      overduePayouts.push(input);
    },
    async checkPayoutAmount({ idempotencyKey, amountFen }) {
      const payout = payouts.find((p) => p.idempotencyKey === idempotencyKey);
      if (!payout) throw new Error(`no payout ${idempotencyKey}`);
      return { correct: payout.amountFen === amountFen };
    },
    async createReviewTask(input) {
      reviews.push(input);
    },
    async escalateReview(input) {
      escalations.push(input);
    },
    async closeReview(input) {
      closedReviews.push(input);
    },
  };
  return { activities, steps, notifications, completions, refunds, issued, payouts, reviews, escalations, closedReviews, drawnAmounts, overduePayouts, unheardAsked, legalRepresentativeChecks, limitChecks };
}

/** In-memory activities for a change: its own, plus the individual and enterprise ones its phases use. */
export function fakeChangeActivities(options: { completion?: ChangeCompletionOutcome; subjectChanged?: boolean } = {}) {
  const individual = fakeActivities();
  const enterprise = fakeEnterpriseActivities();
  const opened: OpenChangeInput[] = [];
  const changes: CompleteChangeInput[] = [];
  const closed: { processId: string; outcome: string }[] = [];
  const parts: { processId: string; workflowId: string }[] = [];
  const activities: ChangeActivities & typeof enterprise.activities = {
    ...enterprise.activities,
    ...individual.activities,
    async openChange(input) {
      opened.push(input);
      return { subjectChanged: options.subjectChanged ?? false };
    },
    async completeChange(input) {
      changes.push(input);
      return { outcome: options.completion ?? 'changed' };
    },
    async closeChangeHistory(input) {
      closed.push(input);
    },
    async attachEnterprisePart(input) {
      const { workflowId } = Context.current().info.workflowExecution!;
      parts.push({ ...input, workflowId });
    },
  };
  return { activities, individual, enterprise, opened, changes, closed, parts };
}
