import { Context } from '@temporalio/activity';
import type { PayloadKey } from '../../codec/key-ring';
import { formerEnterpriseIdentityKeys, identityKey, type DocumentType } from '../../domain';
import { Prisma } from '../../generated/prisma/client';
import type { Database } from '../../prisma/client';
import { seal, sealedPlaces, unseal } from '../../prisma/sealed';
import { creditRecharge, enterpriseIdentityKey, reportUncredited } from '../enterprise/completion';
import type { ChannelSender } from '../providers/notification-channels';
import { identityHash } from '../identity-key';
import { lockIdentityAndCountHolders } from '../identity-slots';
import { QUEUE_PROCESS_STARTED } from '../platform-events';
import { lockProcessRow, outcomeOfEndedProcess } from '../process-still-open';
import { processRowUpsert } from '../process';
import type { ChangeCompletionOutcome, ChangedSubject, CompleteChangeInput, OpenChangeInput, OpenedChange } from './types';

export interface ChangeActivityDeps {
  db: Database;
  identityHashSecret: string;
  accountsPerIndividualIdentity: number;
  accountsPerEnterprise: number;
  /** The payload key ring: subjects are personal data, sealed at rest (prisma/sealed.ts). */
  payloadKeys: readonly PayloadKey[];
  /** Where a verifying payment that could not be credited is reported (R-E5). */
  operatorAlerts?: ChannelSender;
}

type Json = Prisma.InputJsonValue;

const CHANGE_COMPLETION_OUTCOMES: readonly ChangeCompletionOutcome[] = ['changed', 'identity_limit_reached', 'enterprise_limit_reached'];
type Subject = Record<string, unknown>;

/** R-C3: a name or legal-person change keeps the rest of the subject; a new individual or entity replaces it. */
function nextSubject(kind: CompleteChangeInput['kind'], current: Subject, change: ChangedSubject): Subject {
  if (kind === 'enterprise_name' || kind === 'legal_representative') return { ...current, ...change };
  return { ...change };
}

/** R-E7: the keys an enterprise subject was stored under before (domain/credit-code.ts formerEnterpriseIdentityKeys). */
function formerKeysOf(secret: string, subject: Subject): string[] {
  if (subject.type === 'individual') return [];
  return formerEnterpriseIdentityKeys({ name: String(subject.name), creditCode: String(subject.creditCode ?? '') }).map((former) => identityHash(secret, former));
}

function keyOf(secret: string, subject: Subject): string {
  if (subject.type === 'individual') return identityHash(secret, identityKey(subject.documentType as DocumentType, String(subject.documentNumber)));
  return identityHash(secret, enterpriseIdentityKey({ name: String(subject.name), creditCode: String(subject.creditCode ?? '') }));
}

/**
 * The change's read model and its one write to the account (R-C3). The
 * history row (R-C9) keeps the subject before and after.
 */
export function createChangeActivities({ db, identityHashSecret, accountsPerIndividualIdentity, accountsPerEnterprise, payloadKeys, operatorAlerts }: ChangeActivityDeps) {
  return {
    async openChange(input: OpenChangeInput): Promise<OpenedChange> {
      const account = await db.account.findUniqueOrThrow({ where: { id: input.accountId } });
      // R-C1, R-C2: judged on another account state, the start is refused and leaves no trace. No other process
      // can move the account from here (R-G2: this workflow holds the account's id), so this read stays true.
      if (input.judgedOn && !(account.status === input.judgedOn.status && (account.verifiedAt?.getTime() ?? null) === input.judgedOn.verifiedAt)) {
        return { subjectChanged: true };
      }
      // Re-sealed rather than copied: the history row has a binding of its own.
      const before = unseal<Subject>(account.subject, payloadKeys, sealedPlaces.accountSubject(input.accountId));
      await db.$transaction([
        db.process.upsert(processRowUpsert({ ...input, kind: 'change', method: input.kind })),
        // Issue 19: process.started, with the row it reports (once: its id is the process's).
        db.$executeRawUnsafe(QUEUE_PROCESS_STARTED, input.processId),
        db.subjectHistory.createMany({
          data: [
            {
              processId: input.processId,
              accountId: input.accountId,
              kind: input.kind,
              requestedBy: input.requestedBy,
              before: before === null ? Prisma.DbNull : seal(before, payloadKeys, sealedPlaces.historyBefore(input.processId)),
              outcome: 'open',
              startedAt: new Date(input.at),
            },
          ],
          skipDuplicates: true,
        }),
      ]);
      return { subjectChanged: false };
    },

    async completeChange(input: CompleteChangeInput): Promise<{ outcome: ChangeCompletionOutcome }> {
      let credited = true;
      const result = await db.$transaction(async (tx) => {
        const ended = outcomeOfEndedProcess(input.processId, await lockProcessRow(tx, input.processId), CHANGE_COMPLETION_OUTCOMES);
        if (ended !== null) return { outcome: ended };
        const account = await tx.account.findUniqueOrThrow({ where: { id: input.accountId } });
        const current = unseal<Subject>(account.subject, payloadKeys, sealedPlaces.accountSubject(input.accountId)) ?? {};
        // A retried activity finds its own earlier write.
        if (current.processId === input.processId) return { outcome: 'changed' as const };
        const subject = nextSubject(input.kind, current, input.subject);
        const key = keyOf(identityHashSecret, subject);
        // R-P5, R-E7 for the new subject; the old subject's slot frees as the key moves.
        const formerKeys = formerKeysOf(identityHashSecret, subject);
        if (key !== account.identityKey && !(account.identityKey !== null && formerKeys.includes(account.identityKey))) {
          const holders = await lockIdentityAndCountHolders(tx, key, input.accountId, formerKeys);
          const limit = subject.type === 'individual' ? accountsPerIndividualIdentity : accountsPerEnterprise;
          if (holders >= limit) return { outcome: subject.type === 'individual' ? ('identity_limit_reached' as const) : ('enterprise_limit_reached' as const) };
        }
        // R-C8: after a name or entity change, no VAT special invoice under the former name.
        const formerName = current.type === 'enterprise' && typeof current.name === 'string' && current.name !== subject.name ? current.name : null;
        // Each former name once, and never the name the account takes now (a rename back to it: A, B, then A again).
        const blocked = [...new Set([...((current.vatSpecialInvoiceBlockedNames as string[] | undefined) ?? []), ...(formerName ? [formerName] : [])])].filter((name) => name !== subject.name);
        const written = { ...subject, processId: input.processId, ...(blocked.length > 0 ? { vatSpecialInvoiceBlockedNames: blocked } : {}) };
        await tx.account.update({
          where: { id: input.accountId },
          data: { status: subject.type as 'individual' | 'enterprise', subject: seal(written, payloadKeys, sealedPlaces.accountSubject(input.accountId)), identityKey: key, verifiedAt: new Date(input.at) },
        });
        if (input.credit) {
          // R-E5: never a payment that was refunded to its payer.
          credited = await creditRecharge(tx, { accountId: input.accountId, processId: input.processId, ...input.credit });
        }
        await tx.subjectHistory.updateMany({ where: { processId: input.processId }, data: { after: seal(written, payloadKeys, sealedPlaces.historyAfter(input.processId)), outcome: 'changed', endedAt: new Date(input.at) } });
        return { outcome: 'changed' as const };
      });
      if (!credited) await reportUncredited(operatorAlerts, { accountId: input.accountId, processId: input.processId, ...input.credit! });
      return result;
    },

    /**
     * R-C4 to enterprise, R-C5.5: the change's enterprise part, a child
     * workflow, takes the process's requests and reports from here on.
     */
    async attachEnterprisePart({ processId }: { processId: string }): Promise<void> {
      const { workflowId, runId } = Context.current().info.workflowExecution!;
      await db.process.updateMany({ where: { id: processId, status: 'open' }, data: { partWorkflowId: workflowId, partRunId: runId } });
    },

    async closeChangeHistory({ processId, outcome, at }: { processId: string; outcome: 'failed' | 'revoked'; at: number }): Promise<void> {
      await db.subjectHistory.updateMany({ where: { processId, outcome: 'open' }, data: { outcome, endedAt: new Date(at) } });
    },
  };
}

export type { ChangeActivities } from './types';
