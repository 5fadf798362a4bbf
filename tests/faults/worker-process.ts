// A real worker in a process of its own, so a fault test can SIGKILL it mid-activity.
// Wired as worker/main.ts is, from the same environment variables; the one
// difference is the prebuilt workflow bundle (argv[2]), which spares each start
// a webpack build. Prints READY once it polls its task queue.
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { createDatabase } from '../../prisma/client';
import { createWorker } from '../../worker/create-worker';
import { installQuietRuntime } from '../support/runtime';

export const READY = 'worker-process: ready';

async function main(): Promise<void> {
  const workflowBundlePath = process.argv[2];
  if (!workflowBundlePath) throw new Error('usage: worker-process.ts <workflow bundle path>');
  installQuietRuntime();
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporal.address) throw new Error('DATABASE_URL and TEMPORAL_ADDRESS are required');
  const db = createDatabase(config.databaseUrl, config.database);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker({ db, config, connection, workflowBundlePath });
  const running = worker.run();
  process.stdout.write(`${READY}\n`);
  // The test ends this process with SIGKILL (the fault) or SIGTERM (clean-up).
  process.once('SIGTERM', () => worker.shutdown());
  await running;
  await connection.close();
  await db.$disconnect();
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
