import type { CheckedPerson, CodeProvider, IndividualApplicant } from '../workflows/individual/messages';
import type { NoticeOutcome } from '../domain/texts';

export interface OpenProcessInput {
  processId: string;
  accountId: string;
  kind: string;
  method: string;
  at: number;
  deadlines: Record<string, number>;
  /** R-P6: an individual verification's document type, for the method the process view recommends; absent for enterprise processes and older workflows. */
  documentType?: string;
}

export interface RecordStepInput {
  processId: string;
  /** Position in the process history; makes the write idempotent. */
  seq: number;
  step: string;
  status: string;
  at: number;
  detail?: Record<string, unknown>;
  failureReason: string | null;
  action: Record<string, unknown> | null;
  /** R-P6: set when the method changed; updates the process row's method. */
  method?: string;
}

export interface IssueQrCodeInput {
  processId: string;
  provider: CodeProvider;
  /**
   * Only from processes started before tickets were made in the activity
   * (their workflow drew it with its own, predictable, generator); otherwise
   * the activity makes it and returns it.
   */
  ticket?: string;
  expiresAt: number;
  /** R-P10: whom a face check is for; the face provider gets it with the code. Absent for QR scans and older processes. */
  person?: CheckedPerson;
  /**
   * R-G7: the process's deadline. A code provider that stays down until then
   * ends the retries: the attempt after it fails IssuingDeadlinePassed, which
   * the workflow answers by ending the process. Absent for older processes.
   */
  issueBy?: number;
}

export interface IssuedQrCode {
  qrUrl: string;
  ticket: string;
}

export interface CompleteIndividualInput {
  processId: string;
  accountId: string;
  applicant: IndividualApplicant;
  method: string;
  at: number;
}

export interface NotifyOutcomeInput {
  processId: string;
  accountId: string;
  /** R-G5: success, failure or expiry, and review results; R-E6.4: a payout the bank has not reported delivered in time, or refused (the reason its code). */
  outcome: NoticeOutcome;
  reason?: string;
  /** Tells apart outcomes that can happen more than once in a process, such as the result of each review. */
  occurrence?: string;
  /** R-G7: a rejection or a refused payout in the last method the process may run: it ends, so no invitation to submit again. */
  lastMethod?: true;
  /** R-G7: a change's rejection in the last review it may have: it ends, so no invitation to resubmit. */
  lastReview?: true;
}

/** Every side effect a process workflow may ask for. Each one is idempotent. */
export interface ProcessActivities {
  openProcess(input: OpenProcessInput): Promise<{ eligible: boolean }>;
  recordStep(input: RecordStepInput): Promise<void>;
  issueQrCode(input: IssueQrCodeInput): Promise<IssuedQrCode>;
  completeIndividualVerification(input: CompleteIndividualInput): Promise<{ outcome: 'verified' | 'identity_limit_reached' }>;
  notifyOutcome(input: NotifyOutcomeInput): Promise<void>;
}

/** A fresh code and the step that shows it: the step's action gets the code as issued. */
export interface IssueQrCodeStepInput {
  code: IssueQrCodeInput;
  step: Omit<RecordStepInput, 'action'>;
  /** R-P8: shown next to the code after a failed face check. */
  lastFaceFailure: string | null;
  /** R-P8: face checks left in the process (absent in calls from workers before it). */
  faceTriesLeft?: number;
}

export interface OpenWithQrCodeInput extends IssueQrCodeStepInput {
  open: OpenProcessInput;
}

/** A closing step and the notices of the outcome it records. */
export interface OutcomeInput {
  step: RecordStepInput;
  notice: NotifyOutcomeInput;
}

/** R-P5, R-P9: the completion, then whichever outcome it came to. */
export interface ConcludeIndividualInput {
  completion: CompleteIndividualInput;
  verified: OutcomeInput;
  limitReached: OutcomeInput;
}

/**
 * The side effects of one stage of an individual verification as one activity
 * each: one marker and one workflow activation per stage, not per write
 * (BENCHMARKS.md). Each is a sequence of the idempotent activities above, so
 * a retry repeats only what had no effect.
 */
export interface VerificationStageActivities {
  openWithQrCode(input: OpenWithQrCodeInput): Promise<{ eligible: boolean; qrUrl: string | null; ticket: string | null }>;
  issueQrCodeStep(input: IssueQrCodeStepInput): Promise<IssuedQrCode>;
  recordOutcome(input: OutcomeInput): Promise<void>;
  concludeIndividualVerification(input: ConcludeIndividualInput): Promise<{ outcome: 'verified' | 'identity_limit_reached' }>;
}

export type IndividualActivities = ProcessActivities & VerificationStageActivities;
