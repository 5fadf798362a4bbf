import { deliverDueWebhooks, WEBHOOK_DEFAULTS, type WebhookPolicy } from '../activities/webhook-delivery';
import type { Providers } from '../activities/providers';
import type { PayloadKey } from '../codec/key-ring';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { runPeriodically } from './periodic';

/**
 * Issue 19: delivers the platform's event webhooks apart from the processes
 * they report on, at start and then every `intervalMs`, one pass at a time
 * (activities/webhook-delivery.ts). Any number of workers may run it.
 */
export function startWebhookDelivery(
  db: Database,
  logger: Logger,
  providers: Pick<Providers, 'operatorAlerts'>,
  { payloadKeys, intervalMs = 2_000, policy = WEBHOOK_DEFAULTS }: { payloadKeys: readonly PayloadKey[]; intervalMs?: number; policy?: WebhookPolicy },
): () => Promise<void> {
  const deps = { db, payloadKeys, operatorAlerts: providers.operatorAlerts, policy, logger };
  return runPeriodically(logger, intervalMs, () => deliverDueWebhooks(deps), {
    // `busy`: put off because every lookup slot was taken (activities/webhook-lookups.ts), no attempt spent.
    done: ({ dispatched, delivered, retried, failed, disabled, busy }) => {
      if (dispatched + delivered + retried + failed + disabled + busy > 0) logger.info({ dispatched, delivered, retried, failed, disabled, busy }, 'webhook delivery pass');
    },
    failed: 'webhook delivery pass failed; the next one retries',
  });
}
