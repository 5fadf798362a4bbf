import { validateCreditCode } from '../../domain/credit-code';
import { REGISTRY_STATUSES, type RegistryStatus } from '../../domain/registry-listing';
import type { BusinessRegistry } from './registry';
import { rejected, type SignedHttpClient } from './signed-http';

/**
 * The business registry over the signed HTTP contract
 * (docs/provider-contracts/registry.md), selected by REGISTRY_PROVIDER=http.
 *
 * R-E3: only the credit code is sent (the registry answers the name it
 * holds, and the workflow compares it with the submitted one); in the body of
 * a POST, not the path, so no access log keeps it. `found: false` is R-E3's
 * newly registered enterprise (retry later). An enterprise the registry
 * holds as revoked or deregistered is answered with its status, which the
 * workflow refuses (no wait makes it verify), and the log says which. R-E4, R-C7: whether a person is the
 * legal representative is asked, never who is; the log keeps the answer only.
 */
export interface HttpRegistryDeps {
  client: SignedHttpClient;
  logger: { info(object: object, message: string): void; warn(object: object, message: string): void };
}

const STATUSES = new Set<string>(REGISTRY_STATUSES);

export function httpRegistry({ client, logger }: HttpRegistryDeps): BusinessRegistry {
  return {
    async lookup({ creditCode }) {
      const code = creditCode.trim().toUpperCase();
      const what = 'registry lookup';
      const { body, requestId } = await client.call({ method: 'POST', path: '/v1/registrations/lookup', body: { creditCode: code }, what });
      const answer = (body ?? {}) as { found?: unknown; creditCode?: unknown; registeredName?: unknown; status?: unknown; unifiedCreditCode?: unknown };
      if (answer.found === false) {
        logger.info({ provider: 'registry', adapter: 'http', requestId, found: false }, 'registry lookup');
        return { found: false };
      }
      if (answer.found !== true) throw rejected(`${what}: the registry's answer has no found`);
      if (typeof answer.creditCode !== 'string' || answer.creditCode.toUpperCase() !== code) throw rejected(`${what}: the registry's answer names another credit code`);
      if (typeof answer.registeredName !== 'string' || answer.registeredName.trim() === '' || answer.registeredName.length > 200) {
        throw rejected(`${what}: the registry's answer has no usable registeredName`);
      }
      if (typeof answer.status !== 'string' || !STATUSES.has(answer.status)) throw rejected(`${what}: the registry's answer has no usable status`);
      const status = answer.status as RegistryStatus;
      // R-E2, R-E7: the credit code a subject queried by its registration number or organisation code holds.
      if (answer.unifiedCreditCode !== undefined && (typeof answer.unifiedCreditCode !== 'string' || !validateCreditCode(answer.unifiedCreditCode).ok)) {
        throw rejected(`${what}: the registry's answer has an unusable unifiedCreditCode`);
      }
      const unified = typeof answer.unifiedCreditCode === 'string' ? validateCreditCode(answer.unifiedCreditCode) : null;
      if (status !== 'active') logger.warn({ provider: 'registry', adapter: 'http', requestId, found: true, status }, 'registry holds the enterprise as not active');
      else logger.info({ provider: 'registry', adapter: 'http', requestId, found: true, status }, 'registry lookup');
      return { found: true, registeredName: answer.registeredName, status, ...(unified?.ok && unified.normalised !== code ? { unifiedCreditCode: unified.normalised } : {}) };
    },
    // R-E4, R-C7: the person's name and ID number go in the body (never a URL), and only a yes or no comes back.
    async confirmLegalRepresentative({ creditCode, name, documentNumber }) {
      const code = creditCode.trim().toUpperCase();
      const what = 'legal representative check';
      const { body, requestId } = await client.call({
        method: 'POST',
        path: '/v1/registrations/legal-representative',
        body: { creditCode: code, name: name.trim(), documentNumber: documentNumber.trim().toUpperCase() },
        what,
      });
      const answer = (body ?? {}) as { creditCode?: unknown; isLegalRepresentative?: unknown };
      if (typeof answer.creditCode !== 'string' || answer.creditCode.toUpperCase() !== code) throw rejected(`${what}: the registry's answer names another credit code`);
      if (typeof answer.isLegalRepresentative !== 'boolean') throw rejected(`${what}: the registry's answer has no isLegalRepresentative`);
      logger.info({ provider: 'registry', adapter: 'http', requestId, isLegalRepresentative: answer.isLegalRepresentative }, what);
      return { isLegalRepresentative: answer.isLegalRepresentative };
    },
  };
}
