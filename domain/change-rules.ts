/**
 * Rules about changing the verified subject (R-C1, R-C2, R-C4..R-C7), as
 * predicates over plain values: who may start which change, what its start
 * names, whether it is reviewed. Callers pass `now`.
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

/**
 * R-C2 then R-C1: why this change cannot start on this account now, or null.
 * The direction is checked first: a change that can never apply is refused as
 * such, not told to wait.
 */
export function changeStartRefusal(
  kind: ChangeKind,
  account: { status: string; lastCompletedAt: number | null; creditCode: string | null },
  now: number,
  cooldownDays: number,
): ChangeRefusal | null {
  return directionRefusal(kind, account.status, account.creditCode) ?? cooldownRefusal(kind, account.lastCompletedAt, now, cooldownDays);
}

/** The parts a change's start names besides its kind and the agreement (R-C4). */
export type ChangePart = 'enterprise' | 'newIndividual' | 'newEntity' | 'preChangeLegalPerson' | 'newName' | 'legalRepresentative';

/**
 * What the start of each kind needs: R-C4 the new enterprise (R-E2 and its
 * method) or the new individual (R-P1..R-P3); R-C5.2 the new entity and the
 * pre-change legal person (its full basic information and method follow the
 * review, R-C5.5); R-C6 the new name; R-C7 the new legal representative.
 */
export const CHANGE_PARTS: Record<ChangeKind, readonly ChangePart[]> = {
  individual_to_enterprise: ['enterprise'],
  individual_to_individual: ['newIndividual'],
  enterprise_entity: ['newEntity', 'preChangeLegalPerson'],
  enterprise_name: ['newName'],
  legal_representative: ['legalRepresentative'],
};

export function changeNeeds(kind: ChangeKind, part: ChangePart): boolean {
  return CHANGE_PARTS[kind].includes(part);
}

/**
 * R-C5.4 and R-C6: whether the change waits for a review of its documents. An
 * entity change always does; a name change unless it is automatic (R-C6); the
 * others are confirmed by the people themselves (R-C4, R-C7).
 */
export function changeNeedsReview(kind: ChangeKind, subject: { name?: string | null; creditCode?: string | null }): boolean {
  if (kind === 'enterprise_entity') return true;
  return kind === 'enterprise_name' && !nameChangeIsAutomatic(subject);
}

/** R-C4 to enterprise and R-C5.5: the changes that end in an enterprise verification (its payments, payout and method). */
export function changeVerifiesEnterprise(kind: ChangeKind): boolean {
  return kind === 'individual_to_enterprise' || kind === 'enterprise_entity';
}

export function isChangeKind(value: unknown): value is ChangeKind {
  return typeof value === 'string' && (CHANGE_KINDS as readonly string[]).includes(value);
}
