import type { QqProvider } from './qq';
import { rejected, type SignedHttpClient } from './signed-http';

/**
 * QQ's real-name check over the signed HTTP contract
 * (docs/provider-contracts/qq.md), selected by QQ_PROVIDER=http.
 *
 * As for WeChat: issuing a code sends our ticket and its expiry (R-P7), nothing
 * about the person. QQ reports the scan, the bank-card detour (a QQ without a
 * linked card is asked to link one) and the authorisation with the real name
 * it holds on the signed `/v1/webhooks/qq`; the workflow compares that name
 * with the submitted one (R-P4). The ticket is the idempotency key, so a
 * retried issue returns the first code.
 */
export interface HttpQqDeps {
  client: SignedHttpClient;
  logger: { info(object: object, message: string): void };
}

/** An https link, or the mobile QQ scheme the page renders as the code. */
const CODE_URL = /^(https|mqqapi):\/\/[^\s]{1,2000}$/;

export function httpQq({ client, logger }: HttpQqDeps): QqProvider {
  return {
    async createQrCode(ticket, expiresAt) {
      const what = `QQ code for ticket ${ticket}`;
      const { body, requestId } = await client.call({
        method: 'POST',
        path: '/v1/real-name/qr-codes',
        idempotencyKey: ticket,
        what,
        body: { ticket, expiresAt: new Date(expiresAt).toISOString() },
      });
      const answer = (body ?? {}) as { ticket?: unknown; qrUrl?: unknown };
      if (answer.ticket !== ticket) throw rejected(`${what}: the answer names another ticket`);
      if (typeof answer.qrUrl !== 'string' || !CODE_URL.test(answer.qrUrl)) throw rejected(`${what}: the answer has no https or mqqapi qrUrl`);
      logger.info({ provider: 'qq', adapter: 'http', ticket, requestId }, 'QQ code issued');
      return { qrUrl: answer.qrUrl };
    },
  };
}
