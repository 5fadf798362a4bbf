import type { ContactDirectory } from './contact-directory';
import { maskEmail, maskMobile } from './contact-directory';
import { rejected, type SignedHttpClient } from './signed-http';

/**
 * The account contact directory over the signed HTTP contract
 * (docs/provider-contracts/contact-directory.md), selected by
 * CONTACT_DIRECTORY_PROVIDER=http: `GET /v1/accounts/{accountId}/contacts` at
 * the platform's account service, signed as every contract here is
 * (signing.md, on signed-http.ts's client), its answer signed back.
 *
 * One read answers both the mobile number and the e-mail address, and is kept
 * for `cacheSeconds` (CONTACT_DIRECTORY_CACHE_SECONDS, at most 300, 0 for
 * none) in this process's memory only, so the SMS and the e-mail of one
 * outcome ask once; reads of one account at the same moment share one
 * request. Failures (the service unreachable, throttling, a refusal, an
 * answer not signed or not the contract's) are never cached: the notice's
 * next attempt asks again.
 *
 * Logs carry the account id, the service's request id and the contacts
 * masked (`mobileMasked: 139******78`, `emailMasked: z***@example.cn`; the
 * logger censors any `mobile` or `email` field besides); failure messages
 * carry neither.
 */
export interface HttpContactDirectoryDeps {
  client: SignedHttpClient;
  cacheSeconds: number;
  logger: { info(object: object, message: string): void; warn(object: object, message: string): void };
  now?: () => number;
}

interface Contacts {
  mobile: string | null;
  email: string | null;
}

/** Entries kept at most: a burst of outcomes cannot grow the cache without bound. */
const MAX_CACHED = 1000;
/** Account ids as this system makes them (`acc_…`): nothing that could change the path. */
const ACCOUNT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const MAX_MOBILE = 32;
const MAX_EMAIL = 254;

export function httpContactDirectory({ client, cacheSeconds, logger, now = Date.now }: HttpContactDirectoryDeps): ContactDirectory {
  const cached = new Map<string, { until: number; contacts: Contacts }>();
  const reading = new Map<string, Promise<Contacts>>();

  async function read(accountId: string): Promise<Contacts> {
    const what = `contact directory read for account ${ACCOUNT_ID.test(accountId) ? accountId : '(unusable id)'}`;
    if (!ACCOUNT_ID.test(accountId)) throw rejected(`${what}: not an account id the contract takes`, 'InvalidActivityInput');
    const { body, requestId } = await client.call({ method: 'GET', path: `/v1/accounts/${encodeURIComponent(accountId)}/contacts`, what });
    const answer = (body ?? {}) as { found?: unknown; accountId?: unknown; mobile?: unknown; email?: unknown };
    if (answer.accountId !== accountId) throw rejected(`${what}: the directory's answer names another account`);
    let contacts: Contacts;
    if (answer.found === false) {
      contacts = { mobile: null, email: null };
    } else if (answer.found === true) {
      contacts = { mobile: contact(answer.mobile, MAX_MOBILE, what, 'mobile'), email: contact(answer.email, MAX_EMAIL, what, 'email') };
    } else {
      throw rejected(`${what}: the directory's answer has no found`);
    }
    const log = { provider: 'contactDirectory', adapter: 'http', account: accountId, requestId, found: answer.found, mobileMasked: maskMobile(contacts.mobile), emailMasked: maskEmail(contacts.email) };
    if (answer.found === false) logger.warn(log, 'contact directory does not know the account');
    else logger.info(log, 'contacts read');
    return contacts;
  }

  async function contactsOf(accountId: string): Promise<Contacts> {
    const hit = cached.get(accountId);
    if (hit && hit.until > now()) return hit.contacts;
    cached.delete(accountId);
    const pending = reading.get(accountId);
    if (pending) return pending;
    const request = read(accountId)
      .then((contacts) => {
        if (cacheSeconds > 0) {
          if (cached.size >= MAX_CACHED) cached.delete(cached.keys().next().value!);
          cached.set(accountId, { until: now() + cacheSeconds * 1000, contacts });
        }
        return contacts;
      })
      .finally(() => reading.delete(accountId));
    reading.set(accountId, request);
    return request;
  }

  return {
    mobileOf: async (accountId) => (await contactsOf(accountId)).mobile,
    emailOf: async (accountId) => (await contactsOf(accountId)).email,
  };
}

/** A contact as the contract gives it: a non-empty string within its bound, or null for none. */
function contact(value: unknown, max: number, what: string, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw rejected(`${what}: the directory's answer has no usable ${field}`);
  return value.trim();
}
