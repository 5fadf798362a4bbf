import type { RegistryListing, RegistryStatus } from '../../domain/registry-listing';

/** The business registry (R-E3): what it holds for a credit code, if anything yet. */
export interface BusinessRegistry {
  lookup(query: { name: string; creditCode: string }): Promise<RegistryListing>;
  /**
   * R-E4, R-C7: whether this person (name and ID number) is the legal
   * representative the registry holds for the credit code. The registry
   * answers yes or no only: it never hands out who its representative is.
   */
  confirmLegalRepresentative(query: LegalRepresentativeQuery): Promise<{ isLegalRepresentative: boolean }>;
}

export interface LegalRepresentativeQuery {
  creditCode: string;
  name: string;
  documentNumber: string;
}

/**
 * Sandbox registry. Credit codes whose last ten characters are `0000000000`
 * stand for enterprises the registry does not know yet (R-E3: newly registered);
 * every other code is registered under exactly the submitted name (revoked or
 * deregistered when the name begins as below, active otherwise), with
 * every person as its legal representative but those named as below.
 */
export const SANDBOX_UNKNOWN_CREDIT_CODE_SUFFIX = '0000000000';
/** Sandbox: a person whose name begins so is the legal representative of no enterprise; anyone else is of every one. */
export const SANDBOX_NOT_LEGAL_REPRESENTATIVE_PREFIX = '非法人';
/** Sandbox: an enterprise whose name begins so is registered, but revoked (吊销) or deregistered (注销). */
/** Sandbox: an enterprise whose name begins so holds SANDBOX_HELD_CREDIT_CODE, whatever registration number or organisation code it enters (R-E2). */
export const SANDBOX_HOLDS_CREDIT_CODE_NAME_PREFIX = '已换证';
export const SANDBOX_HELD_CREDIT_CODE = '91350100M000100Y43';
export const SANDBOX_INACTIVE_NAME_PREFIXES: Readonly<Record<string, Exclude<RegistryStatus, 'active'>>> = { 吊销: 'revoked', 注销: 'deregistered' };

export function sandboxRegistry(): BusinessRegistry {
  return {
    async lookup({ name, creditCode }) {
      if (creditCode.toUpperCase().endsWith(SANDBOX_UNKNOWN_CREDIT_CODE_SUFFIX)) return { found: false };
      const inactive = Object.entries(SANDBOX_INACTIVE_NAME_PREFIXES).find(([prefix]) => name.trim().startsWith(prefix));
      const holds = name.trim().startsWith(SANDBOX_HOLDS_CREDIT_CODE_NAME_PREFIX) && creditCode.trim().toUpperCase() !== SANDBOX_HELD_CREDIT_CODE;
      return { found: true, registeredName: name, status: inactive?.[1] ?? 'active', ...(holds ? { unifiedCreditCode: SANDBOX_HELD_CREDIT_CODE } : {}) };
    },
    async confirmLegalRepresentative({ name }) {
      return { isLegalRepresentative: !name.trim().startsWith(SANDBOX_NOT_LEGAL_REPRESENTATIVE_PREFIX) };
    },
  };
}
