import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../scripts/infra/ports';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/system';

// worker/main.ts as it runs in production, in its own process: the SDK runtime's
// Prometheus exporter must serve the worker's own metrics on WORKER_METRICS_ADDRESS.
describe('the worker process exports the Temporal SDK metrics', () => {
  let worker: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (!worker || worker.exitCode !== null) return;
    const exited = new Promise((resolve) => worker!.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  });

  it('serves temporal_* metrics labelled with its task queue on WORKER_METRICS_ADDRESS', async () => {
    const environment = testEnvironment();
    const address = `127.0.0.1:${await freePort()}`;
    const taskQueue = `worker-metrics-${process.pid}`;
    worker = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'worker', 'main.ts')], {
      env: {
        ...process.env,
        DATABASE_URL: environment.databaseUrl,
        TEMPORAL_ADDRESS: environment.temporalAddress,
        TEMPORAL_TASK_QUEUE: taskQueue,
        WORKER_METRICS_ADDRESS: address,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // The worker bundles its workflows first, then polls: its pollers appear in the metrics.
    const text = await eventually(
      () => fetch(`http://${address}/metrics`).then((response) => response.text(), () => `unreachable; worker output: ${output.slice(-2000)}`),
      (body) => new RegExp(`^temporal_\\w+\\{[^}]*task_queue="${taskQueue}"`, 'm').test(body),
      90_000,
    );
    expect(text).toMatch(/^# TYPE temporal_\w+ /m);
  }, 120_000);
});
