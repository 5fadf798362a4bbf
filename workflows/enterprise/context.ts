import type { EnterpriseActivities } from '../../activities/enterprise/types';
import type { CodeCheckContext, CodeRequest, Refusals } from '../code-check';
import type { ProviderEvent } from '../individual/messages';
import type {
  EnterpriseFailureReason,
  EnterpriseStep,
  EnterpriseVerificationInput,
  EnterpriseView,
  MethodChoice,
  PaymentArrival,
  PayoutDelivery,
} from './messages';

/** What the holder and the outside world have sent and the main loop has not handled yet. */
export interface Inbox {
  providerEvents: ProviderEvent[];
  arrivals: PaymentArrival[];
  deliveries: PayoutDelivery[];
  /** Results of amount entries, already answered to the holder (R-E6.5). */
  amountEntries: { correct: boolean }[];
  refreshRequested: boolean;
  choice: MethodChoice | null;
  withdrawRequested: boolean;
  /** R-E6.3: the review has its decision; the step shows `in_review` until the process acts on it (the limit, the payout). */
  reviewDecided: boolean;
  /** Refreshes and choices refused when the code check came to them (workflows/code-check.ts). */
  refused: Record<CodeRequest, Refusals>;
}

/** The one process's state and the few moves every method makes, shared by the method functions. */
export interface ProcessContext {
  input: EnterpriseVerificationInput;
  view: EnterpriseView;
  inbox: Inbox;
  activities: EnterpriseActivities;
  /**
   * R-E6.5: while the holder's entry is awaited, the payout whose amount the
   * activities judge it against; processes started before R-E6.4's amount left
   * workflow code hold the amount itself. In no view or read model.
   */
  awaitedAmount: { payoutKey: string } | { amountFen: number } | null;
  /** An entry is being judged: the next waits for its answer. */
  judgingAmount: boolean;
  /** Epoch ms after which a process waiting on the holder is abandoned. */
  abandonAt: number;
  /** R-E6.4: secrets come from activities, R-P10: face checks bound to their person; false in processes started before (workflows/capabilities.ts). */
  capabilitiesFromActivities: boolean;
  /** R-P7: codes issued so far; R-G7: methods run so far, the first included. */
  codesIssued: number;
  /** Set by the code check while a code is being issued (workflows/code-check.ts issueCode). */
  issuingCode?: boolean;
  methodsRun: number;
  /** A refresh's or a choice's refusal now, asked again when the code check comes to it. */
  requestRefusal: NonNullable<CodeCheckContext['requestRefusal']>;
  record(step: EnterpriseStep, detail?: Record<string, unknown>): Promise<void>;
  fail(reason: EnterpriseFailureReason, detail?: string | null): Promise<EnterpriseView>;
  /**
   * R-E9 under R-E7; `credit` is the recharge to add to the balance (R-E5);
   * `undo` runs before the failure is recorded when the limit refuses it.
   */
  complete(credit?: { amountFen: number; transactionId: string }, undo?: () => Promise<unknown>): Promise<EnterpriseView>;
}

/** How a method ended: with the process's final view, or back to method choice. */
export type MethodResult = { done: EnterpriseView } | { choose: true };

export const done = (view: EnterpriseView): MethodResult => ({ done: view });
export const choose: MethodResult = { choose: true };
