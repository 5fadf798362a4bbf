import { idempotencyKeyOf } from './idempotency-key';
import type { ChannelSender } from './notification-channels';
import { rejected, type SignedHttpClient } from './signed-http';

/**
 * WeChat notices (R-G5) through the platform's notice gateway, over the signed
 * HTTP contract (docs/provider-contracts/wechat-notices.md), selected by
 * WECHAT_NOTICE_PROVIDER=http. The gateway holds what this system does not:
 * the official account's credentials and access token, each account's openid
 * for it, and the approved template; it sends the template message with
 * WeChat's public API.
 *
 * Sent: the account id, the notice's title and body as domain/texts.ts
 * composed them; the notice id is the Idempotency-Key, so a notice retried by
 * the delivery loop (R-G7) reaches the holder once. An account that has no
 * openid for the official account (it never followed it, or unfollowed) is
 * `422 no_recipient`: not retried. Logs carry the notice id, the account id
 * and the gateway's ids, never the text (it may name the holder).
 */
export interface HttpWechatNoticesDeps {
  client: SignedHttpClient;
  logger: { info(object: object, message: string): void };
}

const TOKEN = /^[A-Za-z0-9._:-]{1,100}$/;

export function httpWechatNotices({ client, logger }: HttpWechatNoticesDeps): ChannelSender {
  return {
    async send({ id, accountId, title, body }) {
      const idempotencyKey = idempotencyKeyOf(id);
      const what = `WeChat notice ${idempotencyKey}`;
      const answer = await client.call({ method: 'POST', path: '/v1/wechat-notices', idempotencyKey, what, body: { noticeId: id, accountId, title, body } });
      const sent = (answer.body ?? {}) as { noticeId?: unknown; status?: unknown; messageId?: unknown };
      if (sent.noticeId !== id) throw rejected(`${what}: the gateway's answer names another notice`);
      if (sent.status !== 'sent') throw rejected(`${what}: the gateway's answer has no usable status`);
      const messageId = typeof sent.messageId === 'string' && TOKEN.test(sent.messageId) ? sent.messageId : undefined;
      logger.info({ provider: 'wechatNotices', adapter: 'http', notice: id, account: accountId, messageId, requestId: answer.requestId }, 'WeChat notice sent');
    },
  };
}
