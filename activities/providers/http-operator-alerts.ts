import { idempotencyKeyOf } from './idempotency-key';
import type { ChannelSender } from './notification-channels';
import { rejected, type SignedHttpClient } from './signed-http';

/**
 * Operator alerts (overdue reviews and payouts R-E6.3, R-E6.4; notices,
 * refunds and webhook endpoints that keep failing, R-G7) to the platform's
 * alerting service, over the signed HTTP contract
 * (docs/provider-contracts/operator-alerts.md), selected by
 * OPERATOR_ALERT_PROVIDER=http. The service pages whoever is on call.
 *
 * The alert's id is the Idempotency-Key: an alert repeated by a retry opens
 * one incident, not two. Alerts name processes, transactions and endpoints by
 * id only (their texts are made so), and the adapter logs the id alone.
 */
export interface HttpOperatorAlertsDeps {
  client: SignedHttpClient;
  logger: { info(object: object, message: string): void };
}

const TOKEN = /^[A-Za-z0-9._:-]{1,100}$/;

export function httpOperatorAlerts({ client, logger }: HttpOperatorAlertsDeps): ChannelSender {
  return {
    async send({ id, title, body }) {
      const idempotencyKey = idempotencyKeyOf(id);
      const what = `operator alert ${idempotencyKey}`;
      const answer = await client.call({ method: 'POST', path: '/v1/alerts', idempotencyKey, what, body: { alertId: id, title, body, source: 'realname-verification' } });
      const accepted = (answer.body ?? {}) as { alertId?: unknown; status?: unknown; incidentId?: unknown };
      if (accepted.alertId !== id) throw rejected(`${what}: the service's answer names another alert`);
      if (accepted.status !== 'accepted') throw rejected(`${what}: the service's answer has no usable status`);
      const incidentId = typeof accepted.incidentId === 'string' && TOKEN.test(accepted.incidentId) ? accepted.incidentId : undefined;
      logger.info({ provider: 'operatorAlerts', adapter: 'http', alert: id, incidentId, requestId: answer.requestId }, 'operator alert accepted');
    },
  };
}
