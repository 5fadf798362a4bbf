import { maskDocumentNumber, maskName } from '../domain';

type Subject = Record<string, unknown>;

const maskPerson = (person: unknown) => {
  if (typeof person !== 'object' || person === null) return undefined;
  const { name, documentNumber } = person as { name?: string; documentNumber?: string };
  return { ...(name ? { name: maskName(name) } : {}), ...(documentNumber ? { documentNumber: maskDocumentNumber(documentNumber) } : {}) };
};

/**
 * A stored subject as the history shows it (R-C9): people masked, enterprise
 * names and codes kept (they are public registry data).
 */
export function maskedSubject(subject: unknown): Subject | null {
  if (typeof subject !== 'object' || subject === null) return null;
  const s = subject as Subject;
  if (s.type === 'individual') {
    return {
      type: 'individual',
      name: typeof s.name === 'string' ? maskName(s.name) : null,
      documentType: s.documentType ?? null,
      documentNumber: typeof s.documentNumber === 'string' ? maskDocumentNumber(s.documentNumber) : null,
      method: s.method ?? null,
    };
  }
  return {
    type: 'enterprise',
    name: s.name ?? null,
    creditCode: s.creditCode ?? null,
    method: s.method ?? null,
    ...(s.legalPerson ? { legalPerson: maskPerson(s.legalPerson) } : {}),
    ...(s.vatSpecialInvoiceBlockedNames ? { vatSpecialInvoiceBlockedNames: s.vatSpecialInvoiceBlockedNames } : {}),
  };
}
