import { rejected, type SignedHttpClient } from './signed-http';
import type { WechatProvider } from './wechat';

/**
 * WeChat Pay's real-name check over the signed HTTP contract
 * (docs/provider-contracts/wechat.md), selected by WECHAT_PROVIDER=http.
 *
 * Issuing a code sends our ticket and its expiry (R-P7), nothing about the
 * person: WeChat reports the real name it holds with the authorisation, on the
 * signed `/v1/webhooks/wechat`, and the workflow compares it with the
 * submitted one (R-P4). The ticket is the idempotency key (the activity makes
 * the same one on every attempt), so a retried issue returns the first code.
 */
export interface HttpWechatDeps {
  client: SignedHttpClient;
  logger: { info(object: object, message: string): void };
}

const CODE_URL = /^(https|weixin):\/\/[^\s]{1,2000}$/;

export function httpWechat({ client, logger }: HttpWechatDeps): WechatProvider {
  return {
    async createQrCode(ticket, expiresAt) {
      const what = `WeChat code for ticket ${ticket}`;
      const { body, requestId } = await client.call({
        method: 'POST',
        path: '/v1/real-name/qr-codes',
        idempotencyKey: ticket,
        what,
        body: { ticket, expiresAt: new Date(expiresAt).toISOString() },
      });
      const answer = (body ?? {}) as { ticket?: unknown; qrUrl?: unknown };
      if (answer.ticket !== ticket) throw rejected(`${what}: the answer names another ticket`);
      if (typeof answer.qrUrl !== 'string' || !CODE_URL.test(answer.qrUrl)) throw rejected(`${what}: the answer has no https or weixin qrUrl`);
      logger.info({ provider: 'wechat', adapter: 'http', ticket, requestId }, 'WeChat code issued');
      return { qrUrl: answer.qrUrl };
    },
  };
}
