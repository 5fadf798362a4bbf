import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Fen } from '../../domain';

export interface EnterpriseContact {
  name: string;
  /** Mainland ID number (R-E2). */
  documentNumber: string;
  /** Mainland mobile number (R-E2). */
  mobile: string;
}

/** R-E2: the enterprise's basic information, validated by the API before the start. */
export interface EnterpriseBasics {
  /** Exactly as on the licence. */
  name: string;
  creditCode: string;
  licenceDocumentId: string;
  address: string;
  contact: EnterpriseContact;
}

export interface EnterpriseVerificationInput {
  processId: string;
  accountId: string;
  enterprise: EnterpriseBasics;
  method: 'recharge';
  /** Durations from config, as Temporal duration strings. */
  durations: {
    /** R-E5: how long the enterprise has to pay the drawn amount. */
    rechargeWindow: string;
  };
  /** R-E5: wrong payments allowed before the process fails. */
  rechargeAttempts: number;
  /** The account the enterprise pays into; the sandbox one unless config names another. */
  payeeAccount?: string;
}

export const SANDBOX_PAYEE_ACCOUNT = 'sandbox-payee-6222000000000000';

/** What the payment gateway reports about an incoming payment (delivered through a webhook). */
export interface PaymentArrival {
  eventId: string;
  transactionId: string;
  payerName: string;
  amountFen: Fen;
}

export type EnterpriseStep = 'starting' | 'registry_lookup' | 'awaiting_payment' | 'payment_refunded' | 'verified' | 'failed';

export type EnterpriseFailureReason =
  | 'account_not_eligible'
  | 'registry_not_found'
  | 'name_mismatch'
  | 'recharge_attempts_exhausted'
  | 'recharge_expired'
  | 'enterprise_limit_reached';

export interface RechargeView {
  amountFen: Fen;
  payeeAccount: string;
  /** Epoch ms. */
  deadline: number;
  attemptsLeft: number;
}

export interface EnterpriseView {
  processId: string;
  status: 'open' | 'verified' | 'failed';
  step: EnterpriseStep;
  recharge: RechargeView | null;
  failureReason: EnterpriseFailureReason | null;
  /** What the person reads about the failure (R-E3: when to retry). */
  failureDetail: string | null;
}

/** R-E3: what the person reads when the registry has no record yet. */
export const REGISTRY_NOT_FOUND_DETAIL =
  'The business registry has no record of this enterprise. A newly registered enterprise may be missing there ' +
  'for up to 7 business days; please retry later.';

export const paymentArrivedSignal = defineSignal<[PaymentArrival]>('paymentArrived');
export const enterpriseViewQuery = defineQuery<EnterpriseView>('enterpriseView');
/** Answers once the process row exists, so a GET right after the start finds it. */
export const processOpenedUpdate = defineUpdate<EnterpriseView>('processOpened');
