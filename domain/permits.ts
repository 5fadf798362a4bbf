/**
 * Mainland travel permits for residents of Hong Kong, Macao and Taiwan (R-P1, R-P2).
 *
 * - Hong Kong/Macao (港澳居民来往内地通行证, "home return permit"): 'H' (Hong
 *   Kong) or 'M' (Macao) and 8 digits, the person's permanent number; cards
 *   printed with the issue count append 2 more digits. Only the first 9
 *   characters identify the person, so a renewed card (new issue count) is the
 *   same identity for R-P5 — see `hkMacaoPermitPersonKey`.
 * - Taiwan (台湾居民来往大陆通行证, "Taiwan compatriot permit"): 8 digits.
 *
 * Permits carry no birth date and no check character; holders state their
 * birth date (R-P3).
 */
import { documentNumberProblem, type DocumentNumberProblem } from './document-number-result';

export interface PermitAccepted {
  ok: true;
  /** Upper-case, surrounding whitespace removed. */
  normalised: string;
}

export type PermitResult = PermitAccepted | DocumentNumberProblem;

const HK_MACAO_PERSON_KEY_LENGTH = 9;

/** R-P2: 'H' or 'M' + 8 digits, optionally + 2 digits of issue count. */
export function validateHkMacaoPermit(documentNumber: string): PermitResult {
  const normalised = documentNumber.trim().toUpperCase();
  if (normalised.length !== 9 && normalised.length !== 11) {
    return documentNumberProblem(
      'length',
      'A Hong Kong/Macao travel permit number has 9 characters (H or M and 8 digits), or 11 with the issue count.',
    );
  }
  if (!/^[HM]\d+$/.test(normalised)) {
    return documentNumberProblem(
      'characters',
      'A Hong Kong/Macao travel permit number starts with H or M, followed only by digits.',
    );
  }
  return { ok: true, normalised };
}

/**
 * The part of a Hong Kong/Macao permit number that identifies the person:
 * the letter and 8 digits, without the issue count. Expects a normalised
 * (validated) number.
 */
export function hkMacaoPermitPersonKey(normalisedNumber: string): string {
  return normalisedNumber.slice(0, HK_MACAO_PERSON_KEY_LENGTH);
}

/** R-P2: 8 digits. */
export function validateTaiwanPermit(documentNumber: string): PermitResult {
  const normalised = documentNumber.trim().toUpperCase();
  if (normalised.length !== 8) {
    return documentNumberProblem('length', 'A Taiwan travel permit number has 8 digits.');
  }
  if (!/^\d{8}$/.test(normalised)) {
    return documentNumberProblem('characters', 'A Taiwan travel permit number has digits only.');
  }
  return { ok: true, normalised };
}
