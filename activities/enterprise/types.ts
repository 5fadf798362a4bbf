import type { RefundReason, RegistryListing } from '../../domain';
import type { CapabilityActivities } from '../capabilities';
import type { BankAccount, EnterpriseBasics, EnterpriseMethod } from '../../workflows/enterprise/messages';
import type { LegalRepresentativeQuery } from '../providers/registry';
import type { ReviewActivities } from '../review/types';
import type { IssueQrCodeInput, IssuedQrCode, NotifyOutcomeInput, OpenProcessInput, RecordStepInput } from '../types';

export interface LookupRegistryInput {
  name: string;
  creditCode: string;
  /**
   * R-E3: answer a revoked or deregistered enterprise as found, with its
   * status. Asked by workflow code that tells it apart; code before it took
   * such an enterprise as not found, and is answered so while workers of both
   * ages run side by side.
   */
  withStatus?: boolean;
  /**
   * R-E2, R-E7: answer the credit code the registry holds for a subject looked
   * up by another code (`unifiedCreditCode`). Asked by workflow code that
   * fails such a process; code before it is answered without, so a process an
   * older worker ran on replays the same on a newer one.
   */
  withHeldCreditCode?: boolean;
  /** R-G7: the process's deadline (epoch ms); an attempt from then on fails RegistryDeadlinePassed, not retried. Absent in older processes. */
  answerBy?: number;
}

export type RegistryLookup = RegistryListing;

export interface RefundPaymentInput {
  processId: string;
  transactionId: string;
  amountFen: number;
  /** Why the recharge returns it (R-E5); processes started before reasons were recorded send none. */
  reason?: RefundReason;
}

export interface EnterpriseAtLimitInput {
  accountId: string;
  /** R-E7 counts an enterprise by its credit code, else its name: nothing else of it is sent. */
  enterprise: Pick<EnterpriseBasics, 'name' | 'creditCode'>;
}

export interface UnheardPaymentsInput {
  processId: string;
  /** The recharge window's deadline: only payments the API received before it count (R-E5). */
  receivedBefore: number;
  /** Transactions the workflow has had reported already. */
  heard: string[];
}

export interface CompleteEnterpriseInput {
  processId: string;
  accountId: string;
  enterprise: EnterpriseBasics;
  method: EnterpriseMethod;
  /** R-E5: the matched payment, credited to the account balance (recharge only). */
  creditedFen?: number;
  transactionId?: string;
  at: number;
}

export interface SendPayoutInput {
  processId: string;
  accountId: string;
  /** Given to the bank, which pays once per key however often it is asked (R-E6.4). */
  idempotencyKey: string;
  bankAccount: BankAccount;
  /** The enterprise's name, which the account must be held in (the bank checks it); absent from payouts scheduled before it was passed. */
  payeeName?: string;
  /** Only from processes started before the activity drew the amount itself (R-E6.4). */
  amountFen?: number;
}

export interface CheckPayoutAmountInput {
  idempotencyKey: string;
  amountFen: number;
}

/** R-E6.4: a sent payout the bank has not reported delivered within its business days. */
export interface PayoutOverdueInput {
  processId: string;
  accountId: string;
  idempotencyKey: string;
  /** Epoch ms: when the payout was sent, when its report was due, and when the process fails without it (R-G7). */
  sentAt: number;
  dueAt: number;
  deadline: number | null;
}

export interface SentPayout {
  idempotencyKey: string;
  /** Epoch ms when the bank confirmed arrival in its answer; null when it will report later. */
  deliveredAt: number | null;
}

export type EnterpriseCompletionOutcome = 'verified' | 'enterprise_limit_reached';

/** Every side effect the enterprise workflow may ask for. Each one is idempotent. */
export interface EnterpriseActivities extends ReviewActivities, CapabilityActivities {
  openEnterpriseProcess(input: OpenProcessInput): Promise<{ eligible: boolean }>;
  /** R-E3: the business registry's record of the enterprise, if it has one yet. */
  lookupRegistry(input: LookupRegistryInput): Promise<RegistryLookup>;
  /** R-E4, R-C7: whether the registry holds this person as the enterprise's legal representative (yes or no only). */
  confirmLegalRepresentative(input: LegalRepresentativeQuery & { answerBy?: number }): Promise<{ isLegalRepresentative: boolean }>;
  recordEnterpriseStep(input: RecordStepInput): Promise<void>;
  /** R-E5: returns a wrong payment: decided once per transaction id, the gateway asked until it confirms. */
  refundPayment(input: RefundPaymentInput): Promise<void>;
  /**
   * R-E5: payments the API recorded for this process within its window and
   * handed to no workflow yet (the signal failed; the gateway's retry brings
   * it), neither credited nor refunded: their transaction ids.
   */
  unheardPayments(input: UnheardPaymentsInput): Promise<{ transactionIds: string[] }>;
  completeEnterpriseVerification(input: CompleteEnterpriseInput): Promise<{ outcome: EnterpriseCompletionOutcome }>;
  /**
   * R-E7: whether the enterprise already verifies as many other accounts as it
   * may, read without the identity's lock: the completion's locked count stays
   * the authority; this spares a payout that could verify nothing.
   */
  enterpriseAtLimit(input: EnterpriseAtLimitInput): Promise<{ atLimit: boolean }>;
  notifyEnterpriseOutcome(input: NotifyOutcomeInput): Promise<void>;
  /** R-E4, R-E6.2: a QR or face code, as for individuals. */
  issueQrCode(input: IssueQrCodeInput): Promise<IssuedQrCode>;
  /**
   * R-E6.4: sends the payout once per idempotency key and records it in the
   * payouts table; R-E6.6: it went to the bank account, so no ledger entry.
   */
  sendPayout(input: SendPayoutInput): Promise<SentPayout>;
  /** R-E6.4: marks the payout overdue and alerts the operators on duty, once per payout. */
  flagPayoutOverdue(input: PayoutOverdueInput): Promise<void>;
  /** R-E6.5: judges the holder's entry against the amount sent, which never leaves the activities. */
  checkPayoutAmount(input: CheckPayoutAmountInput): Promise<{ correct: boolean }>;
}
