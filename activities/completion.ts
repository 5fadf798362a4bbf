import type { PayloadKey } from '../codec/key-ring';
import { identityKey } from '../domain';
import type { Database } from '../prisma/client';
import { seal } from '../prisma/sealed';
import { identityHash } from './identity-key';
import { lockIdentityAndCountHolders } from './identity-slots';
import type { CompleteIndividualInput } from './types';

export interface CompletionDeps {
  db: Database;
  identityHashSecret: string;
  accountsPerIndividualIdentity: number;
  /** The payload key ring: the subject is personal data, sealed at rest. */
  payloadKeys: readonly PayloadKey[];
}

/**
 * R-P9: success makes the account `individual` at once.
 * R-P5: at most N accounts per identity, checked at the moment of success under
 * a transaction-scoped advisory lock on the identity, so concurrent completions
 * for one identity are serialised and exactly N win.
 */
export function createCompletionActivities({ db, identityHashSecret, accountsPerIndividualIdentity, payloadKeys }: CompletionDeps) {
  return {
    async completeIndividualVerification(
      input: CompleteIndividualInput,
    ): Promise<{ outcome: 'verified' | 'identity_limit_reached' }> {
      const key = identityHash(
        identityHashSecret,
        identityKey(input.applicant.documentType, input.applicant.documentNumber),
      );
      return db.$transaction(async (tx) => {
        const holders = await lockIdentityAndCountHolders(tx, key, input.accountId);
        const account = await tx.account.findUniqueOrThrow({ where: { id: input.accountId } });
        // A retried activity finds its own earlier success.
        if (account.status === 'individual' && account.identityKey === key) return { outcome: 'verified' as const };
        if (holders >= accountsPerIndividualIdentity) return { outcome: 'identity_limit_reached' as const };
        const subject = seal(
          {
            type: 'individual',
            name: input.applicant.name,
            documentType: input.applicant.documentType,
            documentNumber: input.applicant.documentNumber,
            birthDate: input.applicant.birthDate,
            industry: input.applicant.industry,
            address: input.applicant.address,
            method: input.method,
            processId: input.processId,
          },
          payloadKeys,
        );
        await tx.account.update({
          where: { id: input.accountId },
          data: { status: 'individual', identityKey: key, verifiedAt: new Date(input.at), subject },
        });
        // R-C9: the verification in the account's history, with the subject it set.
        await tx.subjectHistory.createMany({
          data: [{ processId: input.processId, accountId: input.accountId, kind: 'individual_verification', requestedBy: 'holder', after: subject, outcome: 'verified', startedAt: new Date(input.at), endedAt: new Date(input.at) }],
          skipDuplicates: true,
        });
        return { outcome: 'verified' as const };
      });
    },
  };
}
