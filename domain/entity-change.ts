/**
 * R-C5.5: after the review approves an entity change A → B, the new entity
 * entered is the one the reviewer saw: the same name and the same code.
 * Compared as the rest of the code compares them: the name exactly, but for
 * surrounding spaces (as a person's name, workflows/person.ts), the code in
 * its one normalised spelling (domain/credit-code.ts), so `91350100m000100y43 `
 * is the reviewed `91350100M000100Y43` and an individually-owned business's
 * registration number is its code.
 */
import { normaliseEnterpriseCode } from './credit-code';

export interface EntityNamedByCode {
  name: string;
  creditCode: string;
}

export interface ReviewedEntityProblem {
  field: 'name' | 'creditCode';
  rule: 'R-C5';
  message: string;
}

/** Whatever the caller holds (a workflow message may come from outside the API): a string or nothing. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * R-C5.5: how `entered` differs from the `reviewed` entity, field by field;
 * empty when it is the reviewed one. Tolerates malformed input (a message
 * sent around the API): a missing name or code is a difference.
 */
export function reviewedEntityProblems(reviewed: EntityNamedByCode, entered: Partial<EntityNamedByCode> | null | undefined): ReviewedEntityProblem[] {
  const problems: ReviewedEntityProblem[] = [];
  const name = text(entered?.name).trim();
  if (name === '' || name !== text(reviewed.name).trim()) {
    problems.push({ field: 'name', rule: 'R-C5', message: 'the new entity must be the one the review approved: its name differs from the reviewed name' });
  }
  const code = normaliseEnterpriseCode(text(entered?.creditCode));
  if (code === '' || code !== normaliseEnterpriseCode(text(reviewed.creditCode))) {
    problems.push({ field: 'creditCode', rule: 'R-C5', message: 'the new entity must be the one the review approved: its code differs from the reviewed code' });
  }
  return problems;
}

/** R-C5.5: whether `entered` is the reviewed entity (same name and code). */
export function isReviewedEntity(reviewed: EntityNamedByCode, entered: Partial<EntityNamedByCode> | null | undefined): boolean {
  return reviewedEntityProblems(reviewed, entered).length === 0;
}
