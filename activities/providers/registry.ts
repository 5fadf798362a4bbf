/** The business registry (R-E3): what it holds for a credit code, if anything yet. */
export interface BusinessRegistry {
  lookup(query: { name: string; creditCode: string }): Promise<{ found: boolean; registeredName?: string }>;
}

/**
 * Sandbox registry. Credit codes whose last ten characters are `0000000000`
 * stand for enterprises the registry does not know yet (R-E3: newly registered);
 * every other code is registered under exactly the submitted name.
 */
export const SANDBOX_UNKNOWN_CREDIT_CODE_SUFFIX = '0000000000';

export function sandboxRegistry(): BusinessRegistry {
  return {
    async lookup({ name, creditCode }) {
      if (creditCode.toUpperCase().endsWith(SANDBOX_UNKNOWN_CREDIT_CODE_SUFFIX)) return { found: false };
      return { found: true, registeredName: name };
    },
  };
}
