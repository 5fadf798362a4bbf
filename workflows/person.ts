import { hkMacaoPermitPersonKey } from '../domain/permits';
import type { CheckedPerson, RealName } from './individual/messages';

/**
 * R-P4, R-P10: whether a provider reported the person a check was for: the
 * exact name (trimmed) and the document number (trimmed, letters uppercased),
 * and the document type when both name one. The one comparison of a person
 * every family uses.
 */
export function samePerson(reported: RealName | CheckedPerson | undefined, expected: RealName | CheckedPerson): boolean {
  if (!reported || typeof reported.name !== 'string' || typeof reported.documentNumber !== 'string') return false;
  if ('documentType' in reported && 'documentType' in expected && reported.documentType !== expected.documentType) return false;
  return reported.name.trim() === expected.name.trim() && reported.documentNumber.trim().toUpperCase() === expected.documentNumber.trim().toUpperCase();
}

/**
 * R-P5, R-P10: a Hong Kong/Macao permit's holder is its first 9 characters
 * (domain/permits.ts): a real-name record of the renewed card, or one without
 * the issue count, names the same person as the number the applicant typed.
 * The exact name still has to match.
 */
export function samePermitHolder(reported: RealName | CheckedPerson | undefined, expected: CheckedPerson): boolean {
  if (expected.documentType !== 'hk_macao_permit' || !reported || typeof reported.name !== 'string' || typeof reported.documentNumber !== 'string') return false;
  // A face provider names the document type: it must be the permit too.
  if ('documentType' in reported && reported.documentType !== expected.documentType) return false;
  const holder = (documentNumber: string) => hkMacaoPermitPersonKey(documentNumber.trim().toUpperCase());
  const number = reported.documentNumber.trim().toUpperCase();
  // Only a number of the permit's shape: 'H' or 'M' and 8 digits, with or without 2 of issue count.
  return /^[HM]\d{8}(\d{2})?$/.test(number) && reported.name.trim() === expected.name.trim() && holder(number) === holder(expected.documentNumber);
}

/** A person named by a mainland ID number: the legal person, the handler, a representative (R-E2, R-C7). */
export function mainlandPerson(person: RealName): CheckedPerson {
  return { name: person.name, documentType: 'mainland_id', documentNumber: person.documentNumber };
}
