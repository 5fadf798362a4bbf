import { deliverDueRefunds, REFUND_DEFAULTS, type RefundPolicy } from '../activities/enterprise';
import { sandboxPaymentGateway, type PaymentGateway } from '../activities/providers/payment-gateway';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';

/** How often the worker looks for refunds to make (R-E5). */
export const REFUND_DELIVERY_INTERVAL_SECONDS = 5;

export interface RefundDeliveryOptions {
  /** The gateway the worker's activities use (the sandbox one by default). */
  gateway?: PaymentGateway;
  policy?: RefundPolicy;
  /** 0: never (tests that drive passes themselves). */
  intervalSeconds?: number;
}

/**
 * R-E5: returns every payment that does not complete a verification to its
 * payer, apart from the process (activities/enterprise/refunds.ts): the
 * payments of processes that ended without taking them, and every refund the
 * gateway has not confirmed yet, at start and then every few seconds, one
 * pass at a time. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number
 * of workers may run it. The timer is unref'd; the returned stop waits for a
 * pass in flight.
 */
export function startRefundDelivery(db: Database, logger: Logger, options: RefundDeliveryOptions = {}): () => Promise<void> {
  const seconds = options.intervalSeconds ?? REFUND_DELIVERY_INTERVAL_SECONDS;
  if (seconds === 0) return async () => undefined;
  const deps = { db, gateway: options.gateway ?? sandboxPaymentGateway(db), policy: options.policy ?? REFUND_DEFAULTS, logger };
  let running: Promise<void> | undefined;
  const deliver = () => {
    running ??= deliverDueRefunds(deps)
      .then(
        ({ decided, refunded, retried }) => {
          if (decided + refunded + retried > 0) logger.info({ decided, refunded, retried }, 'refund delivery pass');
        },
        (error: Error) => logger.warn({ err: { name: error.name, message: error.message } }, 'refund delivery pass failed; the next one retries'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  deliver();
  const timer = setInterval(deliver, seconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
