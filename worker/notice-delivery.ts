import { deliverDueNotices, type ChannelSenders } from '../activities/notice-delivery';
import { sandboxSender, type ChannelSender } from '../activities/providers/notification-channels';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';

export interface NoticeDeliveryOptions {
  /** The same senders the worker's activities use (sandbox ones by default). */
  senders?: ChannelSenders;
  /** Where a notice that spent its attempts is reported (sandbox: nowhere but the log, the listing and the metric). */
  operatorAlerts?: ChannelSender;
}

/**
 * R-G7: delivers the outcome notices still unsent apart from their process, at
 * start and then every `NOTICE_DELIVERY_INTERVAL_SECONDS` (0: never), one pass
 * at a time (activities/notice-delivery.ts). Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so any number of workers may run it. The timer is
 * unref'd, so it never keeps the process alive; the returned stop waits for a
 * pass in flight.
 */
export function startNoticeDelivery(db: Database, config: Config, logger: Logger, options: NoticeDeliveryOptions = {}): () => Promise<void> {
  const seconds = config.notices.deliveryIntervalSeconds;
  if (seconds === 0) return async () => undefined;
  const deps = {
    db,
    senders: options.senders ?? { sms: sandboxSender, email: sandboxSender, wechat: sandboxSender },
    operatorAlerts: options.operatorAlerts ?? sandboxSender,
    policy: config.notices,
    logger,
  };
  let running: Promise<void> | undefined;
  const deliver = () => {
    running ??= deliverDueNotices(deps)
      .then(
        ({ sent, retried, failed }) => {
          if (sent + retried + failed > 0) logger.info({ sent, retried, failed }, 'notice delivery pass');
        },
        (error: Error) => logger.warn({ err: { name: error.name, message: error.message } }, 'notice delivery pass failed; the next one retries'),
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
