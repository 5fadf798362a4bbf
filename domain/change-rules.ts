/**
 * Rules about changing the verified subject (R-C1, R-C2, R-C6, R-C7), as
 * predicates over plain values. Callers pass `now`.
 */
import { isIndustrialCommercial } from './credit-code';

export const CHANGE_KINDS = ['individual_to_enterprise', 'individual_to_individual', 'enterprise_entity', 'enterprise_name', 'legal_representative'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const DAY_MS = 24 * 3600 * 1000;

/** Which account status each change starts from (R-C2: an enterprise never becomes individual). */
export const CHANGE_FROM: Record<ChangeKind, 'individual' | 'enterprise'> = {
  individual_to_enterprise: 'individual',
  individual_to_individual: 'individual',
  enterprise_entity: 'enterprise',
  enterprise_name: 'enterprise',
  legal_representative: 'enterprise',
};

export type ChangeRefusal = { rule: 'R-C1'; allowedFrom: number } | { rule: 'R-C2' | 'R-C7'; reason: string };

/**
 * R-C1: a change starts only `cooldownDays` after the last completed
 * verification or change, except individual to enterprise. The refusal says
 * from when it is allowed (epoch ms).
 */
export function cooldownRefusal(kind: ChangeKind, lastCompletedAt: number | null, now: number, cooldownDays: number): ChangeRefusal | null {
  if (kind === 'individual_to_enterprise' || lastCompletedAt === null) return null;
  const allowedFrom = lastCompletedAt + cooldownDays * DAY_MS;
  return now >= allowedFrom ? null : { rule: 'R-C1', allowedFrom };
}

/** R-C2 and R-C7: whether this kind of change fits the account's current subject. */
export function directionRefusal(kind: ChangeKind, status: string, creditCode: string | null): ChangeRefusal | null {
  const from = CHANGE_FROM[kind];
  if (status === 'enterprise' && from === 'individual') {
    return { rule: 'R-C2', reason: 'an enterprise account can never become individual' };
  }
  if (status !== from) return { rule: 'R-C2', reason: `a ${kind} change is for ${from} accounts; this account is ${status}` };
  if (kind === 'legal_representative' && !(creditCode && creditCode.length === 18 && isIndustrialCommercial(creditCode))) {
    return {
      rule: 'R-C7',
      reason: 'a legal representative update needs an 18-character credit code starting with 91 or 92; complete an entity change that records one first',
    };
  }
  return null;
}

/** R-C6: the name is updated without review when the stored subject is complete and its code starts with 91 or 92. */
export function nameChangeIsAutomatic(subject: { name?: string | null; creditCode?: string | null }): boolean {
  return Boolean(subject.name && subject.name.trim() !== '' && subject.creditCode && subject.creditCode.length === 18 && isIndustrialCommercial(subject.creditCode));
}
