import type { PayloadKey } from '../codec/key-ring';
import { identityKey } from '../domain';
import { RecordMissing } from '../domain/failures';
import type { Database } from '../prisma/client';
import { seal, sealedPlaces, type SealedPlace } from '../prisma/sealed';
import { prepared } from '../prisma/prepared';
import { inSqlTransaction } from '../prisma/sql-transaction';
import { identityHash } from './identity-key';
import { lockIdentityAndCountHoldersInSql } from './identity-slots';
import { outcomeOfEndedProcess } from './process-still-open';
import type { CompleteIndividualInput } from './types';

export interface CompletionDeps {
  db: Database;
  identityHashSecret: string;
  accountsPerIndividualIdentity: number;
  /** The payload key ring: the subject is personal data, sealed at rest. */
  payloadKeys: readonly PayloadKey[];
}

// With the process row under its lock (activities/process-still-open.ts), in the same round trip.
const ACCOUNT_IDENTITY = `
  SELECT a.status, a.identity_key, p.status AS process_status, p.failure_reason AS process_failure_reason
    FROM accounts a
    LEFT JOIN LATERAL (SELECT status, failure_reason FROM processes WHERE id = $2 FOR NO KEY UPDATE) p ON true
   WHERE a.id = $1`;
const VERIFY_ACCOUNT = `UPDATE accounts SET status = 'individual', identity_key = $2, verified_at = $3, subject = $4::jsonb, updated_at = now() WHERE id = $1`;
const RECORD_VERIFICATION = `
  INSERT INTO subject_history (process_id, account_id, kind, requested_by, after, outcome, started_at, ended_at)
  VALUES ($1, $2, 'individual_verification', 'holder', $3::jsonb, 'verified', $4, $4)
  ON CONFLICT DO NOTHING`;
const INDIVIDUAL_COMPLETION_OUTCOMES = ['verified', 'identity_limit_reached'] as const;
const accountIdentity = prepared('account-identity', ACCOUNT_IDENTITY);
const verifyAccount = prepared('verify-account', VERIFY_ACCOUNT);
const recordVerification = prepared('record-verification', RECORD_VERIFICATION);

/**
 * R-P9: success makes the account `individual` at once.
 * R-P5: at most N accounts per identity, checked at the moment of success under
 * a transaction-scoped advisory lock on the identity, so concurrent completions
 * for one identity are serialised and exactly N win. One pg transaction on the
 * pool under Prisma, not Prisma's: this runs once per verification (BENCHMARKS.md).
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
      return inSqlTransaction(db, async (client) => {
        const holders = await lockIdentityAndCountHoldersInSql(client, key, input.accountId);
        const { rows } = await client.query<{ status: string; identity_key: string | null; process_status: string | null; process_failure_reason: string | null }>(
          accountIdentity([input.accountId, input.processId]),
        );
        const account = rows[0];
        // The API creates the account before any process of it starts.
        if (!account) throw new RecordMissing(`account ${input.accountId} does not exist`);
        const process = account.process_status === null ? null : { status: account.process_status, failureReason: account.process_failure_reason };
        const ended = outcomeOfEndedProcess(input.processId, process, INDIVIDUAL_COMPLETION_OUTCOMES);
        if (ended !== null) return { outcome: ended };
        // A retried activity finds its own earlier success.
        if (account.status === 'individual' && account.identity_key === key) return { outcome: 'verified' as const };
        if (holders >= accountsPerIndividualIdentity) return { outcome: 'identity_limit_reached' as const };
        const subject = {
          type: 'individual',
          name: input.applicant.name,
          documentType: input.applicant.documentType,
          documentNumber: input.applicant.documentNumber,
          birthDate: input.applicant.birthDate,
          industry: input.applicant.industry,
          address: input.applicant.address,
          method: input.method,
          processId: input.processId,
        };
        // Sealed once per place (each bound to its row), as JSON text, as Prisma writes a Json column.
        const sealedFor = (place: SealedPlace) => JSON.stringify(seal(subject, payloadKeys, place));
        const at = new Date(input.at);
        await client.query(verifyAccount([input.accountId, key, at, sealedFor(sealedPlaces.accountSubject(input.accountId))]));
        // R-C9: the verification in the account's history, with the subject it set.
        await client.query(recordVerification([input.processId, input.accountId, sealedFor(sealedPlaces.historyAfter(input.processId)), at]));
        return { outcome: 'verified' as const };
      });
    },
  };
}
