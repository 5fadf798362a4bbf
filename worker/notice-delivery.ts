import { deliverDueNotices, type ChannelSenders } from '../activities/notice-delivery';
import { sandboxSender, type ChannelSender } from '../activities/providers/notification-channels';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { runPeriodically } from './periodic';

export interface NoticeDeliveryOptions {
  /** The same senders the worker's activities use (sandbox ones by default). */
  senders?: ChannelSenders;
  /** Where a notice that spent its attempts is reported (sandbox: nowhere but the log, the listing and the metric). */
  operatorAlerts?: ChannelSender;
}

/**
 * R-G7: delivers the outcome notices still unsent apart from their process, at
 * start and then every `NOTICE_DELIVERY_INTERVAL_SECONDS` (0: never), one pass
 * at a time (activities/notice-delivery.ts, worker/periodic.ts). Rows are
 * claimed with FOR UPDATE SKIP LOCKED, so any number of workers may run it.
 */
export function startNoticeDelivery(db: Database, config: Config, logger: Logger, options: NoticeDeliveryOptions = {}): () => Promise<void> {
  const deps = {
    db,
    senders: options.senders ?? { sms: sandboxSender, email: sandboxSender, wechat: sandboxSender },
    operatorAlerts: options.operatorAlerts ?? sandboxSender,
    policy: config.notices,
    logger,
  };
  return runPeriodically(logger, config.notices.deliveryIntervalSeconds * 1000, () => deliverDueNotices(deps), {
    done: ({ sent, retried, failed }) => {
      if (sent + retried + failed > 0) logger.info({ sent, retried, failed }, 'notice delivery pass');
    },
    failed: 'notice delivery pass failed; the next one retries',
  });
}
