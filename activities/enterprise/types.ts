import type { EnterpriseBasics } from '../../workflows/enterprise/messages';
import type { NotifyOutcomeInput, OpenProcessInput, RecordStepInput } from '../types';

export interface LookupRegistryInput {
  name: string;
  creditCode: string;
}

export interface RegistryLookup {
  found: boolean;
  registeredName?: string;
}

export interface RefundPaymentInput {
  processId: string;
  transactionId: string;
  amountFen: number;
}

export interface CompleteEnterpriseInput {
  processId: string;
  accountId: string;
  enterprise: EnterpriseBasics;
  /** R-E5: the matched payment, credited to the account balance. */
  creditedFen: number;
  transactionId: string;
  at: number;
}

export type EnterpriseCompletionOutcome = 'verified' | 'enterprise_limit_reached';

/** Every side effect the enterprise workflow may ask for. Each one is idempotent. */
export interface EnterpriseActivities {
  openEnterpriseProcess(input: OpenProcessInput): Promise<{ eligible: boolean }>;
  /** R-E3: the business registry's record of the enterprise, if it has one yet. */
  lookupRegistry(input: LookupRegistryInput): Promise<RegistryLookup>;
  recordEnterpriseStep(input: RecordStepInput): Promise<void>;
  /** R-E5: returns a wrong payment; idempotent by transaction id. */
  refundPayment(input: RefundPaymentInput): Promise<void>;
  completeEnterpriseVerification(input: CompleteEnterpriseInput): Promise<{ outcome: EnterpriseCompletionOutcome }>;
  notifyEnterpriseOutcome(input: NotifyOutcomeInput): Promise<void>;
}
