import { validateEnterpriseCode } from './credit-code';

/**
 * R-E3: what the business registry holds for a code. `found: false` is an
 * enterprise not registered yet (it may take up to 7 business days: retry
 * later). A found enterprise the registry holds as revoked (吊销) or
 * deregistered (注销) exists but may not verify, and no wait changes that, so
 * the holder is told so rather than to retry. Listings recorded before the
 * status was kept carry none; only active ones were found then.
 */
export type RegistryListing = { found: false } | { found: true; registeredName?: string; status?: RegistryStatus; unifiedCreditCode?: string };

/**
 * R-E2, R-E7: the unified social credit code the registry holds for a subject
 * that entered its registration number or organisation code, when it has one.
 * R-E2 takes those only from a subject lacking a credit code; entered anyway,
 * a registration number would count the enterprise apart from its credit code
 * (domain/credit-code.ts enterpriseIdentityKey), a second pool of R-E7's
 * accounts. Null when the code entered is the credit code, or none is held.
 */
export function creditCodeHeldInstead(listing: RegistryListing, entered: string): string | null {
  if (!listing.found || listing.unifiedCreditCode === undefined) return null;
  const kind = validateEnterpriseCode(entered);
  return kind.ok && kind.kind !== 'credit_code' ? listing.unifiedCreditCode : null;
}

export const REGISTRY_STATUSES = ['active', 'revoked', 'deregistered'] as const;
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];

/** Found, and not revoked or deregistered. */
export function listedAsActive(listing: RegistryListing): boolean {
  return listing.found && (listing.status === undefined || listing.status === 'active');
}

/** Found, but revoked or deregistered. */
export function listedAsInactive(listing: RegistryListing): boolean {
  return listing.found && !listedAsActive(listing);
}
