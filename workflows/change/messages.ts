import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ProcessRequest } from '../process-ids';
import type { BusinessCalendar, ChangeKind, DocumentType } from '../../domain';
import type { EnterpriseVerificationInput, PersonIdentity } from '../enterprise/messages';
import type { FaceFailureReason, IndividualApplicant, QrCode } from '../individual/messages';

/** The subject the account has now, as far as a change needs it. */
export interface CurrentSubject {
  type: 'individual' | 'enterprise';
  name: string;
  /** Individual: the document the face check is against (R-C4, R-P10). */
  documentNumber?: string;
  documentType?: DocumentType;
  creditCode?: string;
}

export interface SubjectChangeInput {
  processId: string;
  accountId: string;
  kind: ChangeKind;
  /** Who started it (the holder's token subject), for the history (R-C9). */
  requestedBy: string;
  current: CurrentSubject;
  /** R-C4 to enterprise, R-C5 after approval: the new enterprise and its method. */
  enterprise?: EnterpriseVerificationInput;
  /** R-C4 to another individual. */
  newIndividual?: IndividualApplicant;
  /** R-C6. */
  newName?: string;
  /** R-C6: stored subject complete and 91/92: no review. */
  automatic?: boolean;
  /** R-C7: the new legal representative and how they confirm. */
  legalRepresentative?: PersonIdentity & { method: 'wechat_qr' | 'face' };
  /** R-C5.2: the new entity as the reviewer sees it. */
  newEntity?: { name: string; creditCode: string; address: string };
  /** R-C5.2: the pre-change legal person, who passes a face check. */
  preChangeLegalPerson?: PersonIdentity;
  /** R-C5.3, R-C6: document ids of the proofs for review. */
  materials?: Record<string, string>;
  /** `resubmissionDeadline` (R-G7) is absent in changes started before there was one. */
  durations: { qrValidity: string; abandonment: string; entityValidity: string; resubmissionDeadline?: string };
  faceMaxTries: number;
  /** R-P7: codes the change may be issued (no limit in older changes). */
  maxCodes?: number;
  /** R-G7: reviews the change may go through, its first included (no limit in older changes). */
  maxReviews?: number;
  /** R-C5.4, R-C6: review SLA in business days (1). */
  reviewSlaBusinessDays: number;
  /** R-G7: the review's final deadline in business days, on the same calendar; absent in changes started before there was one. */
  reviewExpiryBusinessDays?: number;
  calendar: BusinessCalendar;
  /**
   * R-C1, R-C2: the account as the start judged it. The process opens only if
   * the account is still so (activities/change openChange): a previous process
   * that closed between the API's read and this start may have moved it.
   * Absent in changes started before it was checked.
   */
  judgedOn?: JudgedAccount;
}

/** The account's status and last completed verification or change (epoch ms), as a change's start read them. */
export interface JudgedAccount {
  status: string;
  verifiedAt: number | null;
}

export type ChangeStep =
  | 'starting'
  | 'awaiting_current_face'
  | 'awaiting_new_face'
  | 'awaiting_legal_person_face'
  | 'awaiting_representative'
  | 'in_review'
  | 'review_rejected'
  | 'awaiting_new_entity'
  | 'enterprise_verification'
  | 'changed'
  | 'revoked'
  | 'failed';

export type ChangeFailureReason = 'registry_not_found' | 'enterprise_not_active' | 'registry_unavailable' | 'name_mismatch' | 'face_attempts_exhausted' | 'abandoned' | 'expired' | 'resubmission_expired' | 'review_expired' | 'review_attempts_exhausted' | 'not_the_reviewed_entity' | 'identity_mismatch' | 'identity_limit_reached' | 'enterprise_limit_reached' | 'enterprise_not_verified' | 'subject_changed' | 'legal_person_mismatch';

export interface ChangeView {
  processId: string;
  kind: ChangeKind;
  status: 'open' | 'changed' | 'revoked' | 'failed';
  step: ChangeStep;
  qrCode: QrCode | null;
  reviewId: string | null;
  reviewReason: string | null;
  /** Epoch ms: R-C5.1 validity of an entity change. */
  expiresAt: number | null;
  failureReason: ChangeFailureReason | string | null;
  faceTriesLeft?: number;
  lastFaceFailure?: FaceFailureReason | null;
}

export const changeViewQuery = defineQuery<ChangeView>('changeView');
/** Answers once the process row exists. */
export const changeOpenedUpdate = defineUpdate<ChangeView>('changeOpened');
/** R-C3: the holder revokes before the final outcome; the account stays exactly as before. */
export const revokeChangeUpdate = defineUpdate<ChangeView, [ProcessRequest]>('revokeChange');
/** R-C5.5: after approval, the new entity's basic information (R-E2) and its method (R-E4). */
export const submitNewEntityUpdate = defineUpdate<ChangeView, [EnterpriseVerificationInput]>('submitNewEntity');
/** R-C5.4, R-C6: corrected materials after a rejection. */
export const resubmitMaterialsUpdate = defineUpdate<ChangeView, [Record<string, string>]>('resubmitMaterials');
