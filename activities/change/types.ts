import type { CapabilityActivities } from '../capabilities';
import type { ChangeKind } from '../../domain';
import type { IssueQrCodeInput, IssuedQrCode, NotifyOutcomeInput, RecordStepInput } from '../types';
import type { ReviewActivities } from '../review/types';
import type { JudgedAccount } from '../../workflows/change/messages';

/**
 * The new subject, or the fields that change: an enterprise name or legal
 * person is merged into the current subject; a new individual or enterprise
 * replaces it.
 */
export type ChangedSubject = { type: 'individual' | 'enterprise' } & Record<string, unknown>;

export interface OpenChangeInput {
  processId: string;
  accountId: string;
  kind: ChangeKind;
  requestedBy: string;
  at: number;
  deadlines: Record<string, number>;
  /** R-C1, R-C2: the account as the start judged it; the change opens only on that account. */
  judgedOn?: JudgedAccount;
}

/** `subjectChanged`: the account is no longer as the start judged it; nothing was written. */
export interface OpenedChange {
  subjectChanged: boolean;
}

export interface CompleteChangeInput {
  processId: string;
  accountId: string;
  kind: ChangeKind;
  subject: ChangedSubject;
  /** R-E5: a recharge that verified the new enterprise, credited to the balance. */
  credit?: { amountFen: number; transactionId: string };
  at: number;
}

export type ChangeCompletionOutcome = 'changed' | 'identity_limit_reached' | 'enterprise_limit_reached';

export interface ChangeActivities extends ReviewActivities, CapabilityActivities {
  openChange(input: OpenChangeInput): Promise<OpenedChange>;
  recordStep(input: RecordStepInput): Promise<void>;
  issueQrCode(input: IssueQrCodeInput): Promise<IssuedQrCode>;
  /** R-C3: the one write of the new subject, under the identity limits of the new subject (R-P5, R-E7). */
  completeChange(input: CompleteChangeInput): Promise<{ outcome: ChangeCompletionOutcome }>;
  /** R-C4, R-C5.5: called by the enterprise part itself, whose workflow then takes the process's requests. */
  attachEnterprisePart(input: { processId: string }): Promise<void>;
  closeChangeHistory(input: { processId: string; outcome: 'failed' | 'revoked'; at: number }): Promise<void>;
  notifyOutcome(input: NotifyOutcomeInput): Promise<void>;
}
