import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { dataConverter } from '../codec/data-converter';
import { assembleProviders } from '../activities/providers';
import { loadConfig } from '../config';
import { logCalendarReach } from '../config/business-calendar';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { createLogger } from '../config/logger';
import { createDatabase } from '../prisma/client';
import { createWorker } from './create-worker';
import { startDocumentSweep } from './document-sweep';
import { startFaceBackstop } from './face-backstop';
import { startNoticeDelivery } from './notice-delivery';
import { startRateLimitSweep } from './rate-limit-sweep';
import { startRefundDelivery } from './refund-delivery';
import { startTerminatedRunSweep } from './terminated-run-sweep';
import { startWebhookDelivery } from './webhook-delivery';
import { installWorkerRuntime } from './sdk-log';
import { WEBHOOK_DEFAULTS } from '../activities/webhook-delivery';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporal.address) throw new Error('DATABASE_URL and TEMPORAL_ADDRESS are required');
  const logger = createLogger();
  // The SDK's own lines through our logger, with no failure's text (it may quote personal data), and its
  // metrics (task slots, poll and schedule-to-start latencies, sticky cache); before the first connection.
  installWorkerRuntime(logger, config.metrics.workerAddress ? { metricsAddress: config.metrics.workerAddress } : {});
  const db = createDatabase(config.databaseUrl, config.database);
  // Issue 20: every port's adapter, once, for the activities and the loops alike;
  // outside sandbox mode this stops start-up naming each external system without one.
  const providers = assembleProviders({ db, config, logger });
  // Security finding 4: TLS (mTLS with a client certificate) from TEMPORAL_TLS_*; plaintext only where config allows it.
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await createWorker({ db, config, connection, providers });
  // R-G6: say how far the business-day calendar reaches, and warn when it ends soon.
  logCalendarReach(logger, config, Date.now());
  // Finding 6: uploads no process took are deleted once expired.
  const stopSweep = startDocumentSweep(db, config, logger);
  // Issue 17: the API replicas' rate-limit windows, once over.
  const stopRateSweep = startRateLimitSweep(db, logger);
  // R-G7: outcome notices still unsent are delivered apart from their processes.
  const stopDelivery = startNoticeDelivery(db, config, logger, providers);
  // R-E5: payments no verification took go back to their payers, apart from their processes.
  const stopRefunds = startRefundDelivery(db, logger, { gateway: providers.paymentGateway, operatorAlerts: providers.operatorAlerts });
  // Issue 19: the platform's event webhooks, delivered apart from the processes they report on.
  const stopWebhooks = startWebhookDelivery(db, logger, providers, {
    payloadKeys: config.payloadKeys,
    // Security review (r19): outside sandbox, no attempt goes to an address inside our own network.
    policy: { ...WEBHOOK_DEFAULTS, refuseNonPublicHosts: !config.sandbox && !config.webhookAllowPrivateUrls, language: config.notices.language },
  });
  // Issue 20: with FACE_PROVIDER=tencent, face checks whose browser never came back are read until their code expires.
  const temporal = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config) });
  const stopFaceBackstop = startFaceBackstop(db, config, logger, { face: providers.face, temporal });
  // R-G7: a process whose workflow was terminated from outside is closed, not left looking open.
  const stopTerminatedSweep = startTerminatedRunSweep(db, config, logger, { temporal, providers });
  // Worker.run resolves after SIGINT/SIGTERM once in-flight tasks are drained.
  await worker.run();
  await stopFaceBackstop();
  await stopTerminatedSweep();
  await stopSweep();
  await stopRateSweep();
  await stopDelivery();
  await stopRefunds();
  await stopWebhooks();
  await connection.close();
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
