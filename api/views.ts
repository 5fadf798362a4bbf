import { maskDocumentNumber, maskName } from '../domain';
import type { PayloadKey } from '../codec/key-ring';
import type { Account as AccountRow } from '../generated/prisma/client';
import { sealedPlaces, unseal } from '../prisma/sealed';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

interface StoredSubject {
  type: 'individual' | 'enterprise';
  name: string;
  documentType?: string;
  documentNumber?: string;
  vatSpecialInvoiceBlockedNames?: string[];
}

/** Personal data leaves the API masked by default; the stored subject is sealed (prisma/sealed.ts). */
export function accountView(account: AccountRow, openProcessId: string | null, keys: readonly PayloadKey[]) {
  const subject = unseal<StoredSubject>(account.subject, keys, sealedPlaces.accountSubject(account.id));
  return {
    id: account.id,
    displayName: account.displayName,
    status: account.status,
    subject: subject
      ? {
          type: subject.type,
          name: maskName(subject.name),
          ...(subject.documentType ? { documentType: subject.documentType } : {}),
          ...(subject.documentNumber ? { documentNumber: maskDocumentNumber(subject.documentNumber) } : {}),
        }
      : null,
    vatSpecialInvoice: {
      available: account.status === 'enterprise',
      blockedFormerNames: subject?.vatSpecialInvoiceBlockedNames ?? [],
    },
    verifiedAt: iso(account.verifiedAt),
    openProcessId,
    createdAt: account.createdAt.toISOString(),
  };
}

// The process view is the shared read model's (read-model/process-view.ts); re-exported for the event stream's route, which imports it from here.
export { processView } from '../read-model/process-view';
