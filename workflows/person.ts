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

/** A person named by a mainland ID number: the legal person, the handler, a representative (R-E2, R-C7). */
export function mainlandPerson(person: RealName): CheckedPerson {
  return { name: person.name, documentType: 'mainland_id', documentNumber: person.documentNumber };
}
