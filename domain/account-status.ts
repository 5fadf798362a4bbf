/**
 * R-G1: an account is unverified, individual or enterprise; which processes
 * each may start.
 */
export const ACCOUNT_STATUSES = ['unverified', 'individual', 'enterprise'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * R-G1, R-G4: a verification (individual or enterprise) is for an unverified
 * account. A verified account's data is never deleted: it replaces its subject
 * through a change (R-C1..R-C7).
 */
export function mayStartVerification(status: string): boolean {
  return status === 'unverified';
}
