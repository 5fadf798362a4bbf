import { deliverDueNotices } from '../activities/notice-delivery';
import { noticeSenders, type Providers } from '../activities/providers';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { runPeriodically } from './periodic';

/**
 * The same ports the worker's activities use (activities/providers/index.ts):
 * the three channels, and where a notice that spent its attempts is reported
 * (sandbox: nowhere but the log, the listing and the metric).
 */
export type NoticeDeliveryProviders = Pick<Providers, 'sms' | 'email' | 'wechatNotices' | 'operatorAlerts'>;

/**
 * R-G7: delivers the outcome notices still unsent apart from their process, at
 * start and then every `NOTICE_DELIVERY_INTERVAL_SECONDS` (0: never), one pass
 * at a time (activities/notice-delivery.ts, worker/periodic.ts). Rows are
 * claimed with FOR UPDATE SKIP LOCKED, so any number of workers may run it.
 */
export function startNoticeDelivery(db: Database, config: Config, logger: Logger, providers: NoticeDeliveryProviders): () => Promise<void> {
  const deps = {
    db,
    senders: noticeSenders(providers),
    operatorAlerts: providers.operatorAlerts,
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
