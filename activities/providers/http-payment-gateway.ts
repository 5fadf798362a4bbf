import { idempotencyKeyOf } from './idempotency-key';
import type { PaymentGateway } from './payment-gateway';
import { rejected, type SignedHttpClient } from './signed-http';

/**
 * The payment gateway's refunds over the signed HTTP contract
 * (docs/provider-contracts/payment-gateway.md), selected by
 * PAYMENT_GATEWAY_PROVIDER=http. Recharges come the other way, on the signed
 * `/v1/webhooks/payment`; this adapter only returns money (R-E5).
 *
 * A refund must never be paid twice: its Idempotency-Key is derived from the
 * gateway's own transaction id (`refund:<transactionId>`), so every attempt
 * of the refund loop (activities/enterprise/refunds.ts), at the decision, on
 * each later pass, after a worker restart, names the same refund; the body
 * is the transaction and its whole amount, the same every time. The gateway
 * refunds once per key, and once per transaction whatever the key.
 *
 * Nothing about the payer is sent (the gateway returns the money by
 * transaction id to whoever paid it); logs carry the transaction id, the
 * gateway's refund id and request id.
 */
export interface HttpPaymentGatewayDeps {
  client: SignedHttpClient;
  logger: { info(object: object, message: string): void };
}

const REFUND_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const STATUSES = new Set(['accepted', 'refunded']);

export function httpPaymentGateway({ client, logger }: HttpPaymentGatewayDeps): PaymentGateway {
  return {
    async refund({ transactionId, amountFen }) {
      const idempotencyKey = idempotencyKeyOf(`refund:${transactionId}`);
      const what = `gateway refund ${idempotencyKey}`;
      if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw rejected(`${what}: a refund is a positive integer of fen`, 'InvalidActivityInput');
      const { body, requestId } = await client.call({
        method: 'POST',
        path: '/v1/refunds',
        idempotencyKey,
        what,
        body: { transactionId, amountFen, currency: 'CNY' },
      });
      const answer = (body ?? {}) as { transactionId?: unknown; refundId?: unknown; amountFen?: unknown; status?: unknown };
      if (answer.transactionId !== transactionId) throw rejected(`${what}: the gateway's answer names another transaction`);
      if (answer.amountFen !== amountFen) throw rejected(`${what}: the gateway's answer refunds another amount`);
      if (typeof answer.refundId !== 'string' || !REFUND_ID.test(answer.refundId)) throw rejected(`${what}: the gateway's answer has no usable refundId`);
      if (typeof answer.status !== 'string' || !STATUSES.has(answer.status)) throw rejected(`${what}: the gateway's answer has no usable status`);
      logger.info({ provider: 'paymentGateway', adapter: 'http', transactionId, idempotencyKey, refundId: answer.refundId, status: answer.status, requestId }, 'refund confirmed by the gateway');
      return { refundId: answer.refundId };
    },
  };
}
