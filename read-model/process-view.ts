import { formatYuan, paymentOutcome, processMethodAdvice } from '../domain';
import { DEFAULT_LANGUAGE, type Language } from '../domain/language';
import { PAYOUT_OVERDUE_TEXT, payoutRefusedText } from '../domain/texts';
import type { RemittanceView } from '../workflows/enterprise/messages';
import type { Process as ProcessRow, ProcessStep } from '../generated/prisma/client';
import type { PaymentRecord, SetbackStep } from './process-read';

// The process as clients see it, masked: what GET /v1/processes/{id} answers,
// what its event stream sends, and the body of every platform event
// (activities/webhook-delivery.ts). Built from the read (./process-read.ts).
// Its texts for the holder (the payout's details) are in `language`; every code stays as it is.

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
const isoMs = (epochMs: number | null): string | null => (epochMs === null ? null : new Date(epochMs).toISOString());

/** R-E5: what the enterprise must pay, to where, by when. */
interface StoredRecharge {
  amountFen: number;
  payeeAccount: string;
  deadline: number;
  attemptsLeft: number;
}

interface StoredQrCode {
  ticket: string;
  qrUrl: string;
  expiresAt: number;
  expired: boolean;
}

export function qrCodeView(code: StoredQrCode) {
  return { ticket: code.ticket, qrUrl: code.qrUrl, expiresAt: new Date(code.expiresAt).toISOString(), expired: code.expired };
}

/** R-E6.4: while a payout the bank has not reported in time is still unreported, the holder is asked to check the bank details. */
function payoutOverdueView(remittance: RemittanceView, language: Language) {
  const overdue = (remittance.payoutOverdueSince ?? null) !== null && remittance.deliveredAt === null;
  return {
    payoutOverdue: overdue,
    payoutOverdueSince: isoMs(remittance.payoutOverdueSince ?? null),
    payoutOverdueDetail: overdue ? PAYOUT_OVERDUE_TEXT[language] : null,
  };
}

/**
 * R-E6.4: the bank refused the account; shown while the holder is to correct
 * it (the refusal's step, then method choice), not while another method runs.
 */
function payoutRefusalView(remittance: RemittanceView, step: string, language: Language) {
  const refusal = step === 'payout_refused' || step === 'choosing_method' ? (remittance.payoutRefusal ?? null) : null;
  return { payoutRefusal: refusal, payoutRefusalDetail: refusal ? payoutRefusedText(refusal)[language] : null };
}

/**
 * R-E5: a payment that quoted the process and what became of it: credited,
 * or refunded to its payer and why (once the gateway confirmed it; until
 * then refund_pending), or pending while the recharge judges it.
 */
export function paymentView(payment: PaymentRecord) {
  return {
    transactionId: payment.transactionId,
    amountFen: payment.amountFen,
    amountYuan: formatYuan(payment.amountFen),
    receivedAt: payment.receivedAt.toISOString(),
    outcome: paymentOutcome(payment),
    refund: payment.refund
      ? {
          reason: payment.refund.reason,
          amountFen: payment.refund.amountFen,
          amountYuan: formatYuan(payment.refund.amountFen),
          decidedAt: payment.refund.decidedAt.toISOString(),
          refundedAt: iso(payment.refund.refundedAt),
        }
      : null,
  };
}

export function processView(
  process: ProcessRow & { steps: ProcessStep[]; stepsTruncated?: boolean; payments?: PaymentRecord[]; paymentsTruncated?: boolean; setbackSteps?: SetbackStep[] },
  language: Language = DEFAULT_LANGUAGE,
) {
  // R-P6: follows the process (its document, the setbacks in its steps, how it failed); null where the document is not known.
  const advice = process.kind === 'individual_verification' ? processMethodAdvice(process.documentType, process, process.setbackSteps ?? process.steps) : null;
  const action = process.action as {
    qrCode?: StoredQrCode;
    lastFaceFailure?: string | null;
    faceTriesLeft?: number;
    recharge?: StoredRecharge;
    remittance?: RemittanceView;
  } | null;
  const deadlines = Object.fromEntries(
    Object.entries(process.deadlines as Record<string, number>).map(([name, at]) => [name, new Date(at).toISOString()]),
  );
  return {
    processId: process.id,
    accountId: process.accountId,
    kind: process.kind,
    method: process.method,
    status: process.status as 'open' | 'verified' | 'failed' | 'changed' | 'revoked',
    step: process.step,
    failureReason: process.failureReason,
    lastFaceFailure: action?.lastFaceFailure ?? null,
    deadlines,
    qrCode: action?.qrCode ? qrCodeView(action.qrCode) : null,
    recharge: action?.recharge
      ? {
          amountFen: action.recharge.amountFen,
          amountYuan: formatYuan(action.recharge.amountFen),
          payeeAccount: action.recharge.payeeAccount,
          reference: process.id,
          deadline: new Date(action.recharge.deadline).toISOString(),
          attemptsLeft: action.recharge.attemptsLeft,
        }
      : null,
    faceTriesLeft: action?.faceTriesLeft ?? null,
    allowedMethods: advice?.allowedMethods ?? null,
    recommendedMethod: advice?.recommendedMethod ?? null,
    remittance: action?.remittance
      ? {
          reviewId: action.remittance.reviewId,
          reviewDueAt: isoMs(action.remittance.reviewDueAt),
          reviewReason: action.remittance.reviewReason,
          payoutSentAt: isoMs(action.remittance.payoutSentAt),
          deliveredAt: isoMs(action.remittance.deliveredAt),
          amountDeadline: isoMs(action.remittance.amountDeadline),
          attemptsLeft: action.remittance.attemptsLeft,
          deliveryDueAt: isoMs(action.remittance.deliveryDueAt ?? null),
          deliveryDeadline: isoMs(action.remittance.deliveryDeadline ?? null),
          ...payoutOverdueView(action.remittance, language),
          ...payoutRefusalView(action.remittance, process.step, language),
        }
      : null,
    history: process.steps.map((step) => ({
      step: step.step,
      at: step.at.toISOString(),
      detail: (step.detail as Record<string, unknown> | null) ?? null,
    })),
    historyTruncated: process.stepsTruncated ?? false,
    payments: (process.payments ?? []).map(paymentView),
    paymentsTruncated: process.paymentsTruncated ?? false,
    createdAt: process.createdAt.toISOString(),
    completedAt: iso(process.completedAt),
  };
}
