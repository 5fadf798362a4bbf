/**
 * The result shape shared by the identity-document validators (R-P2), so a
 * caller can handle a mainland ID and a travel permit the same way.
 */

export type DocumentNumberReason = 'length' | 'characters' | 'check_character' | 'birth_date';

export interface DocumentNumberProblem {
  ok: false;
  rule: 'R-P2';
  reason: DocumentNumberReason;
  message: string;
}

export function documentNumberProblem(reason: DocumentNumberReason, message: string): DocumentNumberProblem {
  return { ok: false, rule: 'R-P2', reason, message };
}
