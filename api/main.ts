import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../codec/data-converter';
import { assertAdaptersConfigured } from '../activities/providers';
import { loadConfig } from '../config';
import { logCalendarReach } from '../config/business-calendar';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { createLogger } from '../config/logger';
import { createDatabase } from '../prisma/client';
import { createApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  // Issue 20: the API starts only where the worker can: outside sandbox mode every external system has its adapter.
  assertAdaptersConfigured(config);
  const logger = createLogger();
  // R-G6: say how far the business-day calendar reaches, and warn when it ends soon.
  logCalendarReach(logger, config, Date.now());
  if (!config.databaseUrl || !config.temporal.address) throw new Error('DATABASE_URL and TEMPORAL_ADDRESS are required');
  const db = createDatabase(config.databaseUrl, config.database);
  // Security finding 4: TLS (mTLS with a client certificate) from TEMPORAL_TLS_*; plaintext only where config allows it.
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config) });
  // Stopping ends the open event streams first, so the server's close does not wait on them; their clients resume at the next start.
  const shutdown = new AbortController();
  const app = createApp({ config, db, temporal, logger, processEvents: { shutdown: shutdown.signal } });
  const server = serve({ fetch: app.fetch, port: config.api.port }, (info) => logger.info({ port: info.port }, 'api listening'));
  const stop = () => {
    shutdown.abort();
    server.close(() => {
      void Promise.all([connection.close(), db.$disconnect()]).then(() => process.exit(0));
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
