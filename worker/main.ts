import { NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase } from '../prisma/client';
import { createWorker } from './create-worker';
import { startDocumentSweep } from './document-sweep';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporal.address) throw new Error('DATABASE_URL and TEMPORAL_ADDRESS are required');
  // The SDK's own metrics (task slots, poll and schedule-to-start latencies, sticky cache)
  // in Prometheus format; the runtime must be installed before the first connection.
  if (config.metrics.workerAddress) {
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: config.metrics.workerAddress } } } });
  }
  const db = createDatabase(config.databaseUrl, config.database);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker({ db, config, connection });
  // Finding 6: uploads no process took are deleted once expired.
  const stopSweep = startDocumentSweep(db, config, createLogger());
  // Worker.run resolves after SIGINT/SIGTERM once in-flight tasks are drained.
  await worker.run();
  await stopSweep();
  await connection.close();
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
