import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProcessRequest } from '../process-ids';
import type { BusinessCalendar, ChangeKind, Fen, PayoutRefusal } from '../../domain';
import type { FaceFailureReason, QrCode } from '../individual/messages';

export interface PersonIdentity {
  name: string;
  /** Mainland ID number. */
  documentNumber: string;
}

export interface EnterpriseContact extends PersonIdentity {
  /** Mainland mobile number (R-E2). */
  mobile: string;
}

/** R-E2: the enterprise's basic information, validated by the API before the start. */
export interface EnterpriseBasics {
  /** Exactly as on the licence. */
  name: string;
  creditCode: string;
  /** R-E2: a business licence or another registration certificate; absent in processes started before it was kept. */
  licenceType?: 'business_licence' | 'other_registration_certificate';
  licenceDocumentId: string;
  address: string;
  contact: EnterpriseContact;
}

/** R-E4, glossary names. */
export const ENTERPRISE_METHODS = ['wechat_official_account', 'legal_person_wechat', 'legal_person_face', 'recharge', 'remittance'] as const;
export type EnterpriseMethod = (typeof ENTERPRISE_METHODS)[number];

/** R-E6.1: where the payout goes; used for nothing else (R-E6.6). */
export interface BankAccount {
  accountNumber: string;
  bank: string;
  location: string;
  branch: string;
}

/** R-E6.1 and R-E6.2: what a remittance needs before review. */
export interface RemittanceDetails {
  bankAccount: BankAccount;
  legalPerson: PersonIdentity;
  /** Document ids of the legal person holding the ID card, emblem and portrait side. */
  photos: { emblemSideDocumentId: string; portraitSideDocumentId: string };
  handler: PersonIdentity;
}

/** The method and what it needs: the legal person for the legal-person methods, the details for a remittance. */
export interface MethodChoice {
  method: EnterpriseMethod;
  legalPerson?: PersonIdentity;
  remittance?: RemittanceDetails;
}

export interface EnterpriseVerificationInput extends MethodChoice {
  processId: string;
  accountId: string;
  enterprise: EnterpriseBasics;
  /** Durations from config, as Temporal duration strings. */
  durations: {
    /** R-E5: how long the enterprise has to pay the drawn amount. */
    rechargeWindow: string;
    /** R-E6.5: how long after the payout arrives the amount may be entered. */
    remittanceAmountWindow?: string;
    /** R-E4: how long a QR or face code can be used. */
    qrValidity?: string;
    /** How long the process waits on the holder (choosing a method, scanning) before it is abandoned. */
    abandonment?: string;
    /**
     * R-G7: the holder's period runs from the start and is renewed only when a
     * review hands the process back (rejected or withdrawn), not by each
     * method the holder picks. Older processes renewed it at every choice.
     */
    abandonmentRenewedByReviewsOnly?: boolean;
    /** R-G7: how long a sent payout may go unreported by the bank; none in older processes. */
    payoutDeliveryDeadline?: string;
    /**
     * R-E6.5: the amount window runs from the arrival time the bank reports,
     * and a report that comes after the window has ended fails the process at
     * once. Older processes ran it from when the report was handled.
     */
    amountWindowFromReportedArrival?: boolean;
  };
  /** R-E5: wrong payments allowed before the process fails. */
  rechargeAttempts: number;
  /**
   * R-E5: the payer's name is the enterprise's whatever the width of its
   * characters (a bank writes 北京示例（海淀）… where a holder types (海淀)): both
   * compared in their NFKC form. Set by the API since; processes started
   * before compare the names as given, so their histories replay.
   */
  payerNameFormsAlike?: boolean;
  /**
   * R-E5: and whatever its spacing and the case of its Latin letters (a bank
   * writes 北京示例 科技有限公司 or ABC CO., LTD.). Set by the API since;
   * processes started before compare as above, so their histories replay.
   */
  payerNameSpacingAlike?: boolean;
  /** R-E6.5: wrong amount entries allowed. */
  remittanceAttempts?: number;
  /** Face checks allowed per process (legal person or handler). */
  faceMaxTries?: number;
  /** R-P7: codes the process may be issued; R-G7: methods it may run, its first included. No limits in older processes. */
  maxCodes?: number;
  maxMethodChoices?: number;
  /** R-E6.3: the review SLA in business days, on this calendar (R-G6). */
  reviewSlaBusinessDays?: number;
  /** R-G7: the review's final deadline in business days, on the same calendar; none in older processes (their reviews never expire). */
  reviewExpiryBusinessDays?: number;
  /**
   * R-E6.4: business days (same calendar) the bank has to report a sent payout
   * delivered before operators are alerted and the holder is told to check the
   * bank details; the process still waits until `durations.payoutDeliveryDeadline`.
   * None in older processes (never flagged).
   */
  payoutOverdueBusinessDays?: number;
  /**
   * R-E6.4, R-G7: business days (1 or more, same calendar) past the overdue
   * point before an unreported payout may fail the process: its deadline is
   * the later of `durations.payoutDeliveryDeadline` and the overdue point plus
   * these, so operators are always alerted before it fails. None in older
   * processes (their deadline is the plain duration, which can end first).
   */
  payoutDeliveryMarginBusinessDays?: number;
  calendar?: BusinessCalendar;
  /**
   * R-E5: the platform's account the enterprise pays into, from
   * RECHARGE_PAYEE_ACCOUNT (config/index.ts, required outside sandbox mode).
   * None in processes started before it was passed: they show the sandbox
   * account (SANDBOX_PAYEE_ACCOUNT), as their history recorded.
   */
  payeeAccount?: string;
  /** Set when this verification is a change's enterprise part (R-C4 to enterprise, R-C5.5). */
  asChange?: PartOfChange;
}

/**
 * An enterprise verification run by a change as its child: it ends the change
 * itself (R-C3: the account is written once, at the outcome, as the change's
 * new subject), takes the change's revocation while it runs, and expires with
 * it (R-C5.1).
 */
export interface PartOfChange {
  kind: ChangeKind;
  /** The change's next step number: the change's steps and its part's are one sequence. */
  firstSeq: number;
  /** Epoch ms: R-C5.1, the change's validity; null for a change without one. */
  expiresAt: number | null;
}

/** Deterministic, so the API finds a change's part from the change alone if need be. */
export function enterprisePartWorkflowId(processId: string): string {
  return `change-enterprise-part-${processId}`;
}

/** R-E5: the sandbox's payee account: RECHARGE_PAYEE_ACCOUNT's default in sandbox mode, and what an input without one shows. */
export const SANDBOX_PAYEE_ACCOUNT = 'sandbox-payee-6222000000000000';

/** What the payment gateway reports about an incoming payment (delivered through a webhook). */
export interface PaymentArrival {
  eventId: string;
  transactionId: string;
  payerName: string;
  amountFen: Fen;
  /**
   * Epoch ms the API received the gateway's report: R-E5's window takes a
   * payment that arrived within it, and only those, though a worker outage
   * brings it to the process after the deadline. Absent in arrivals sent before.
   */
  receivedAt?: number;
}

/** What the bank reports about a payout (delivered through a webhook). */
export interface PayoutDelivery {
  eventId: string;
  idempotencyKey: string;
  /**
   * Epoch ms the money reached the account, as the bank reports it: R-E6.5's
   * window runs from it. The API refuses one in the future or before the payout
   * was sent, and sends the first one recorded for the payout.
   */
  deliveredAt: number;
}

export type EnterpriseStep =
  | 'starting'
  | 'registry_lookup'
  | 'choosing_method'
  | 'awaiting_scan'
  | 'awaiting_authorization'
  | 'face_failed'
  | 'awaiting_payment'
  | 'payment_refunded'
  | 'awaiting_handler_face'
  | 'in_review'
  | 'review_withdrawn'
  | 'review_rejected'
  | 'awaiting_payout_delivery'
  /** R-E6.4: still awaiting the bank's report, past the business days it had; operators and the holder were told. */
  | 'payout_overdue'
  /** R-E6.4: the bank refused the account; back to method choice, to submit corrected bank details. */
  | 'payout_refused'
  | 'awaiting_amount'
  | 'amount_wrong'
  | 'verified'
  | 'failed';

export type EnterpriseFailureReason =
  | 'account_not_eligible'
  | 'registry_not_found'
  /** R-E3: the registry holds the enterprise as revoked or deregistered; it may not verify, now or later. */
  | 'enterprise_not_active'
  /** R-E2, R-E7: a registration number or organisation code entered by an enterprise the registry holds a credit code for. */
  | 'credit_code_required'
  /** R-G7: the business registry could not be reached before the process's deadline. */
  | 'registry_unavailable'
  | 'name_mismatch'
  | 'official_account_name_mismatch'
  | 'legal_person_mismatch'
  | 'face_attempts_exhausted'
  | 'abandoned'
  | 'recharge_attempts_exhausted'
  | 'recharge_expired'
  | 'remittance_attempts_exhausted'
  | 'remittance_expired'
  | 'payout_not_delivered'
  | 'review_expired'
  /** R-G7: sent back to method choice (a rejection, a withdrawal, a refused payout) with every method it may run spent. */
  | 'method_choices_exhausted'
  | 'enterprise_limit_reached'
  /** A change's enterprise part, past the change's validity (R-C5.1). */
  | 'expired';

export interface RechargeView {
  amountFen: Fen;
  payeeAccount: string;
  /** Epoch ms. */
  deadline: number;
  attemptsLeft: number;
}

/** Never the payout amount: that is what the holder must prove they received. */
export interface RemittanceView {
  reviewId: string | null;
  /** Epoch ms the current review is due (R-E6.3). */
  reviewDueAt: number | null;
  reviewReason: string | null;
  payoutSentAt: number | null;
  /** Epoch ms the payout arrived: as the bank reports it (R-E6.5); in older processes, when the report was handled. */
  deliveredAt: number | null;
  /** Epoch ms (R-E6.5). */
  amountDeadline: number | null;
  attemptsLeft: number;
  /** Epoch ms by which the bank should have reported delivery (R-E6.4, business days); absent in older processes. */
  deliveryDueAt?: number | null;
  /** Epoch ms a payout still unreported fails the process (R-G7, payout_not_delivered); absent in older processes. */
  deliveryDeadline?: number | null;
  /** Epoch ms the payout was flagged overdue (R-E6.4): the holder should check the bank details. */
  payoutOverdueSince?: number | null;
  /** R-E6.4: the bank refused the account the payout was for: nothing was sent, the details are corrected and submitted again. */
  payoutRefusal?: PayoutRefusal | null;
}

export interface EnterpriseView {
  processId: string;
  status: 'open' | 'verified' | 'failed';
  step: EnterpriseStep;
  method?: EnterpriseMethod;
  recharge: RechargeView | null;
  remittance?: RemittanceView | null;
  qrCode?: QrCode | null;
  lastFaceFailure?: FaceFailureReason | null;
  faceTriesLeft?: number;
  failureReason: EnterpriseFailureReason | null;
  /** What the person reads about the failure (R-E3: when to retry). */
  failureDetail: string | null;
  /** A change's enterprise part: how the change ended (R-C3). */
  changeOutcome?: 'changed' | 'failed' | 'revoked';
}

/** R-E3: what the person reads when the registry has no record yet. */
export const REGISTRY_NOT_FOUND_DETAIL =
  'The business registry has no record of this enterprise. A newly registered enterprise may be missing there ' +
  'for up to 7 business days; please retry later.';

/** R-E3: what the person reads when the registry holds the enterprise as revoked or deregistered. */
/** R-E2, R-E7: the detail of `credit_code_required`, naming the code (credit codes are public). */
export const creditCodeRequiredDetail = (creditCode: string) =>
  `The business registry holds the unified social credit code ${creditCode} for this enterprise. A registration number or an ` +
  'organisation code is taken only from an enterprise without one (R-E2): start again with the credit code.';

export const ENTERPRISE_NOT_ACTIVE_DETAIL =
  'The business registry holds this enterprise as revoked or deregistered, so it cannot be verified. ' +
  'Retrying will not change that; an enterprise whose registration was restored can verify once the registry shows it active.';

/** R-G7: what the person reads when the registry stayed unreachable until the process's deadline. */
export const REGISTRY_UNAVAILABLE_DETAIL =
  'The business registry could not be reached before this process reached its deadline. Nothing was wrong with the ' +
  'information given: please start the verification again.';

export const paymentArrivedSignal = defineSignal<[PaymentArrival]>('paymentArrived');
export const payoutDeliveredSignal = defineSignal<[PayoutDelivery]>('payoutDelivered');
/**
 * R-C3: a holder's revocation that reached the change once its enterprise part
 * runs, passed on by the change. A signal, not a cancel: a cancel is also what
 * an operator sends from the Web UI, which is no revocation (R-G7).
 */
export const changeRevokedSignal = defineSignal<[ProcessRequest]>('changeRevoked');
export const enterpriseViewQuery = defineQuery<EnterpriseView>('enterpriseView');
/** Answers once the process row exists, so a GET right after the start finds it. */
export const processOpenedUpdate = defineUpdate<EnterpriseView>('processOpened');
/** R-E6.3: pick a method again, after a withdrawn or rejected review, or instead of an unused code. */
export const chooseMethodUpdate = defineUpdate<EnterpriseView, [MethodChoice]>('chooseMethod');
/** R-E6.3: take the materials back from review, before a decision. */
export const withdrawReviewUpdate = defineUpdate<EnterpriseView, [ProcessRequest]>('withdrawReview');
/**
 * R-E6.5: the holder's entry of the amount received; answers at once.
 * `enteredAt`: epoch ms the API took it, so an entry made in the window counts
 * though a worker outage or a backlog brings it to the process after the
 * deadline (workflows/enterprise/remittance.ts entryTime).
 */
export interface AmountEntry {
  amountFen: Fen;
  enteredAt?: number;
}

/**
 * R-E6.5: how long an entry may take from the API to the process and still
 * count as made when the API took it; the API waits no longer than this for
 * a worker to take it (api/routes/enterprise-process.ts). An older stamp (or
 * one from the future, or none) counts as made when it arrives, so no stamp
 * reopens a closed window. Only the API and the worker can send it: an update
 * not sealed with PAYLOAD_KEYS is refused (README, Temporal is a trust boundary).
 */
export const ENTRY_STAMP_MAX_AGE_MS = 5 * 60_000;
export const submitRemittanceAmountUpdate = defineUpdate<{ correct: boolean; attemptsLeft: number }, [AmountEntry]>(
  'submitRemittanceAmount',
);
