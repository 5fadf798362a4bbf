import { deliverDueRefunds, REFUND_DEFAULTS, type RefundPolicy } from '../activities/enterprise';
import type { ChannelSender } from '../activities/providers/notification-channels';
import type { PaymentGateway } from '../activities/providers/payment-gateway';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { runPeriodically } from './periodic';

/** How often the worker looks for refunds to make (R-E5). */
export const REFUND_DELIVERY_INTERVAL_SECONDS = 5;

export interface RefundDeliveryOptions {
  /** The gateway the worker's activities use (activities/providers/index.ts); never a default. */
  gateway: PaymentGateway;
  /** R-G7: where a refund that keeps failing is reported (the providers' operator alert channel). */
  operatorAlerts: ChannelSender;
  policy?: RefundPolicy;
  /** 0: never (tests that drive passes themselves). */
  intervalSeconds?: number;
}

/**
 * R-E5: returns every payment that does not complete a verification to its
 * payer, apart from the process (activities/enterprise/refunds.ts): the
 * payments of processes that ended without taking them, and every refund the
 * gateway has not confirmed yet, at start and then every few seconds, one
 * pass at a time (worker/periodic.ts). A refund that keeps failing is retried
 * for ever and reported to operators once (R-G7). Rows are claimed with FOR UPDATE SKIP
 * LOCKED, so any number of workers may run it.
 */
export function startRefundDelivery(db: Database, logger: Logger, options: RefundDeliveryOptions): () => Promise<void> {
  const seconds = options.intervalSeconds ?? REFUND_DELIVERY_INTERVAL_SECONDS;
  const deps = { db, gateway: options.gateway, operatorAlerts: options.operatorAlerts, policy: options.policy ?? REFUND_DEFAULTS, logger };
  return runPeriodically(logger, seconds * 1000, () => deliverDueRefunds(deps), {
    done: ({ decided, refunded, retried, alerted }) => {
      if (decided + refunded + retried > 0) logger.info({ decided, refunded, retried, alerted }, 'refund delivery pass');
    },
    failed: 'refund delivery pass failed; the next one retries',
  });
}
