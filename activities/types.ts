import type { CodeProvider, IndividualApplicant } from '../workflows/individual/messages';

export interface OpenProcessInput {
  processId: string;
  accountId: string;
  kind: string;
  method: string;
  at: number;
  deadlines: Record<string, number>;
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
  ticket: string;
  expiresAt: number;
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
  /** R-G5: success, failure or expiry, and review results. */
  outcome: 'verified' | 'failed' | 'review_approved' | 'review_rejected';
  reason?: string;
  /** Tells apart outcomes that can happen more than once in a process, such as the result of each review. */
  occurrence?: string;
}

/** Every side effect a process workflow may ask for. Each one is idempotent. */
export interface ProcessActivities {
  openProcess(input: OpenProcessInput): Promise<{ eligible: boolean }>;
  recordStep(input: RecordStepInput): Promise<void>;
  issueQrCode(input: IssueQrCodeInput): Promise<{ qrUrl: string }>;
  completeIndividualVerification(input: CompleteIndividualInput): Promise<{ outcome: 'verified' | 'identity_limit_reached' }>;
  notifyOutcome(input: NotifyOutcomeInput): Promise<void>;
}
