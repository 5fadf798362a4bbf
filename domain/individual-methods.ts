/**
 * Which individual verification methods a document allows (R-P4, R-P6).
 */
import { isDocumentType, type DocumentType } from './identity-document';

export const INDIVIDUAL_METHODS = ['wechat_qr', 'qq_qr', 'face'] as const;
export type IndividualMethod = (typeof INDIVIDUAL_METHODS)[number];

export function isIndividualMethod(value: unknown): value is IndividualMethod {
  return typeof value === 'string' && (INDIVIDUAL_METHODS as readonly string[]).includes(value);
}

/**
 * R-P6: travel permit holders can only use WeChat QR (QQ's real-name check
 * and the face provider work with mainland ID cards only); a mainland ID card
 * allows all three R-P4 methods.
 */
export function allowedMethods(documentType: DocumentType): readonly IndividualMethod[] {
  return documentType === 'mainland_id' ? INDIVIDUAL_METHODS : ['wechat_qr'];
}

/**
 * What went wrong with a method, in this process or an earlier one of the
 * account (R-P6): a failed face check (R-P8) or all of them, a real-name
 * record that did not match the person (R-P4), an authorisation the person
 * declined in WeChat, a QQ bank-card deadline that passed.
 */
export const METHOD_SETBACKS = ['face_failed', 'face_attempts_exhausted', 'identity_mismatch', 'authorization_rejected', 'bank_card_not_linked'] as const;
export type MethodSetbackKind = (typeof METHOD_SETBACKS)[number];

export interface MethodSetback {
  method: IndividualMethod;
  kind: MethodSetbackKind;
}

/**
 * How much a setback speaks against its method. A real-name record that does
 * not match, or face tries used up, will fail the same way again; a single
 * failed face check or a declined authorisation may not.
 */
const SETBACK_WEIGHT: Record<MethodSetbackKind, number> = {
  identity_mismatch: 3,
  face_attempts_exhausted: 3,
  face_failed: 1,
  authorization_rejected: 1,
  bank_card_not_linked: 1,
};

/**
 * Preference when nothing speaks against a method: WeChat QR (every document
 * allows it and it completes in one scan), then face recognition (it needs no
 * wallet's real-name record, so it is the way out of a mismatch), then QQ QR
 * (a holder without a linked bank card takes a detour first).
 */
const PREFERENCE: readonly IndividualMethod[] = ['wechat_qr', 'face', 'qq_qr'];

/**
 * R-P6: the method to recommend from the account's situation: among the
 * methods the document allows, the one the fewest setbacks speak against,
 * by preference on a tie. So a travel permit is always recommended WeChat QR
 * (its one method); a mainland ID card after failed face checks is
 * recommended WeChat QR, and after WeChat's real-name record did not match,
 * face recognition.
 */
export function recommendedMethod(documentType: DocumentType, setbacks: readonly MethodSetback[] = []): IndividualMethod {
  const allowed = allowedMethods(documentType);
  const against = (method: IndividualMethod) =>
    setbacks.reduce((total, setback) => total + (setback.method === method ? (SETBACK_WEIGHT[setback.kind] ?? 0) : 0), 0);
  const candidates = PREFERENCE.filter((method) => allowed.includes(method));
  return candidates.reduce((best, method) => (against(method) < against(best) ? method : best), candidates[0]!);
}

/**
 * R-P6: the setback an ended individual verification is for the method it
 * ended with; null for an ending that says nothing about the method (given up,
 * the identity limit, not eligible).
 */
export function setbackOfFailure(method: string | null, failureReason: string | null): MethodSetback | null {
  if (!isIndividualMethod(method)) return null;
  if (failureReason === 'identity_mismatch' && method !== 'face') return { method, kind: 'identity_mismatch' };
  if (failureReason === 'face_attempts_exhausted') return { method: 'face', kind: 'face_attempts_exhausted' };
  return null;
}

/**
 * R-P6: the setbacks in an individual verification's steps: each failed face
 * check (R-P8), each authorisation declined in WeChat, each QQ bank-card
 * deadline that passed (R-P4). Steps are the read model's (step, detail).
 */
export function setbacksOfSteps(steps: ReadonlyArray<{ step: string; detail: unknown }>): MethodSetback[] {
  return steps.flatMap((entry): MethodSetback[] => {
    if (entry.step === 'face_failed') return [{ method: 'face', kind: 'face_failed' }];
    const detail = entry.detail !== null && typeof entry.detail === 'object' ? (entry.detail as Record<string, unknown>) : {};
    if (detail.authorizationRejected === true) return [{ method: 'wechat_qr', kind: 'authorization_rejected' }];
    if (detail.bankCardDeadlinePassed === true) return [{ method: 'qq_qr', kind: 'bank_card_not_linked' }];
    return [];
  });
}

/**
 * R-P6: the methods a process view offers and the one it recommends, kept up
 * to date as the process goes: from the document the process was started with
 * and the setbacks its steps record (a declined WeChat authorisation, failed
 * face checks, a passed bank-card deadline), and, once it failed, from how it
 * ended (a real-name record that did not match speaks against the method for
 * the next start). Null when the document is not known (an enterprise process,
 * or one opened before the process row kept it).
 */
export function processMethodAdvice(
  documentType: string | null,
  ended: { method: string | null; failureReason: string | null },
  steps: ReadonlyArray<{ step: string; detail: unknown }>,
): { allowedMethods: IndividualMethod[]; recommendedMethod: IndividualMethod } | null {
  if (!isDocumentType(documentType)) return null;
  const ending = setbackOfFailure(ended.method, ended.failureReason);
  const setbacks = [...setbacksOfSteps(steps), ...(ending ? [ending] : [])];
  return { allowedMethods: [...allowedMethods(documentType)], recommendedMethod: recommendedMethod(documentType, setbacks) };
}

export function isMethodAllowed(documentType: DocumentType, method: IndividualMethod): boolean {
  return allowedMethods(documentType).includes(method);
}

/** R-P6: why this document cannot use this method, or null when it can. */
export function individualMethodProblem(documentType: DocumentType, method: IndividualMethod): { field: 'method'; rule: 'R-P6'; message: string } | null {
  const methods = allowedMethods(documentType);
  return methods.includes(method) ? null : { field: 'method', rule: 'R-P6', message: `this document allows only: ${methods.join(', ')}` };
}
