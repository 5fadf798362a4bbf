/**
 * Which individual verification methods a document allows (R-P4, R-P6).
 */
import type { DocumentType } from './identity-document';

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
 * R-P6: the method offered first. WeChat QR is the one method every document
 * allows, and it completes in one scan, so it is recommended for all of them.
 * Takes the document type so a future rule can differ per document.
 */
export function recommendedMethod(_documentType: DocumentType): IndividualMethod {
  return 'wechat_qr';
}

export function isMethodAllowed(documentType: DocumentType, method: IndividualMethod): boolean {
  return allowedMethods(documentType).includes(method);
}

/** R-P6: why this document cannot use this method, or null when it can. */
export function individualMethodProblem(documentType: DocumentType, method: IndividualMethod): { field: 'method'; rule: 'R-P6'; message: string } | null {
  const methods = allowedMethods(documentType);
  return methods.includes(method) ? null : { field: 'method', rule: 'R-P6', message: `this document allows only: ${methods.join(', ')}` };
}
