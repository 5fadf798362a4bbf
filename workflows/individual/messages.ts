import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProcessRequest } from '../process-ids';
import type { IndividualMethod, DocumentType } from '../../domain';

export interface IndividualApplicant {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  /** YYYY-MM-DD; from the ID number for mainland IDs, stated by permit holders (R-P3). */
  birthDate: string;
  industry: string;
  address: string;
}

export interface IndividualVerificationInput {
  processId: string;
  accountId: string;
  method: IndividualMethod;
  applicant: IndividualApplicant;
  /** Durations from config, as Temporal duration strings. */
  durations: {
    qrValidity: string;
    abandonment: string;
    /** R-P4: how long a QQ holder has to link a bank card and confirm. */
    bankCardDeadline: string;
  };
  /** R-P8: face recognition tries per process. */
  faceMaxTries: number;
  /** R-P7: codes the process may be issued, its first included; no limit in processes started before there was one. */
  maxCodes?: number;
  /**
   * The history this process makes, fixed by whoever starts it (see
   * `INDIVIDUAL_REVISION`); absent in processes started before there was one.
   */
  revision?: number;
}

/**
 * What every start asks for now. From revision 2 a process makes one activity
 * call per stage without asking `patched()` (whose marker comes with an upsert
 * of `TemporalChangeVersion`, a visibility write, in every process), and it
 * upserts `VerificationStatus` only when the status changes: its start already
 * carries `awaiting_scan`. Processes started before replay as they ran.
 * Revision 3: see `TICKETS_FROM_ACTIVITY_REVISION`.
 */
export const INDIVIDUAL_REVISION = 3;

/**
 * From revision 3 a code's ticket is made by the activity that issues it, from
 * a cryptographic source (R-E6.4): the workflow's uuid4 is a generator seeded
 * by the run, whose state four of its outputs give away. And a face code is
 * issued for the applicant, whose pass counts only when the provider reports
 * that same person (R-P10). Revision 2 and before drew tickets with uuid4,
 * took any pass, and replay as they ran.
 */
export const TICKETS_FROM_ACTIVITY_REVISION = 3;

/** The status a start gives the process's `VerificationStatus`, the step the start's answer reports. */
export const INDIVIDUAL_FIRST_STATUS = 'awaiting_scan';

/** The provider that issues codes and reports events for each method. */
export type CodeProvider = 'wechat' | 'qq' | 'face';

export const PROVIDER_OF: Record<IndividualMethod, CodeProvider> = { wechat_qr: 'wechat', qq_qr: 'qq', face: 'face' };

export interface QrCode {
  ticket: string;
  qrUrl: string;
  /** Epoch ms. */
  expiresAt: number;
  expired: boolean;
}

export interface RealName {
  name: string;
  documentNumber: string;
}

interface TicketEvent {
  eventId: string;
  ticket: string;
  /**
   * Epoch ms the API received the report (R-P7: a code is judged usable as of
   * then, not as of when a busy worker comes to it). Absent in reports
   * delivered before it was stamped.
   */
  receivedAt?: number;
}

/** What the WeChat side reports about a ticket (delivered through the signed webhook). */
export type WechatEvent = TicketEvent &
  (
    | { type: 'scanned' }
    // For an official account's administrator (R-E4), WeChat adds the enterprise name verified on that account.
    | { type: 'authorized'; realName: RealName; officialAccountName?: string }
    | { type: 'rejected' }
  );

/** What QQ reports: a QQ without a linked bank card links one first, then confirms (R-P4). */
export type QqEvent = TicketEvent &
  (
    | { type: 'scanned' }
    | { type: 'authorized'; realName: RealName }
    | { type: 'bank_card_required' }
    | { type: 'bank_card_linked' }
  );

/** R-P8: why a live face check failed. */
export const FACE_FAILURE_REASONS = ['face_covered', 'face_mismatch', 'identity_wrong', 'face_not_in_frame'] as const;
export type FaceFailureReason = (typeof FACE_FAILURE_REASONS)[number];

/**
 * R-P10: the person a face check is for, given to the face provider with the
 * code, and the person the provider reports it verified with a pass. A pass
 * counts only for that same person.
 */
export interface CheckedPerson {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
}

/**
 * What the face provider reports about a mini-program code. `person` is whom it
 * verified; passes from before R-P10 carried none.
 */
export type FaceEvent = TicketEvent & ({ type: 'passed'; person?: CheckedPerson } | { type: 'failed'; reason: FaceFailureReason });

/** Any provider's event, tagged with the provider that sent it. */
export type ProviderEvent =
  | ({ provider: 'wechat' } & WechatEvent)
  | ({ provider: 'qq' } & QqEvent)
  | ({ provider: 'face' } & FaceEvent);

export type IndividualStep =
  | 'starting'
  | 'awaiting_scan'
  | 'awaiting_authorization'
  | 'linking_bank_card'
  | 'awaiting_confirmation'
  | 'face_failed'
  | 'verified'
  | 'failed';

export type FailureReason =
  | 'identity_mismatch'
  | 'identity_limit_reached'
  | 'abandoned'
  | 'account_not_eligible'
  | 'face_attempts_exhausted';

export interface ProcessView {
  processId: string;
  status: 'open' | 'verified' | 'failed';
  step: IndividualStep;
  qrCode: QrCode | null;
  failureReason: FailureReason | null;
  abandonAt: number;
  method: IndividualMethod;
  /** R-P8: the reason of the latest failed face check, shown to the person. */
  lastFaceFailure: FaceFailureReason | null;
  faceTriesLeft: number;
}

export const providerEventSignal = defineSignal<[ProviderEvent]>('providerEvent');
/** Waits until the first QR code is issued and returns it (the start call answers with it). */
export const qrCodeUpdate = defineUpdate<QrCode>('qrCode');
/** R-P7: a fresh code without starting over. */
export const refreshQrCodeUpdate = defineUpdate<QrCode, [ProcessRequest]>('refreshQrCode');
export const processViewQuery = defineQuery<ProcessView>('processView');
/** R-P6: another allowed method, with a fresh code, while nothing is pending. */
export const switchMethodUpdate = defineUpdate<QrCode, [{ method: IndividualMethod }]>('switchMethod');
