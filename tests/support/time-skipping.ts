import type { WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { dataConverter, workerDataConverter } from '../../codec/data-converter';
import { registerSearchAttributes } from '../../scripts/infra/search-attributes';
import { testConfig, testEnvironment } from './environment';
import { installQuietRuntime } from './runtime';

// Workflow tests run with the codec of production, so payloads they exchange
// take the same encode/decode path as in the real system.
const converter = () => dataConverter(testConfig());

/** The time-skipping test server from the project-local install, with the project's search attributes. */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnvironment().testServerPath } },
    client: { dataConverter: converter() },
  });
  await registerSearchAttributes(env.connection.operatorService, env.namespace ?? 'default');
  return env;
}

/**
 * The workflow-task timeout for processes a test hands from one worker to
 * another (a worker with `maxCachedWorkflows: 0`, then a fresh one). Such a
 * worker now and then takes a workflow task and never completes it; the test
 * server hands the task out again only when it times out, in real time, so at
 * the default 10 seconds two such stalls pushed a test past jest's minute
 * under CI load. A task that does complete takes milliseconds, or a second or
 * two replaying on a loaded machine: shorter, it would time out too and run its
 * local activities twice, which the tests count.
 */
export const HANDOVER_TASK_TIMEOUT = '5 seconds';

/** A worker on the prebuilt workflow bundle with the given (fake) activities. */
export function testWorker(env: TestWorkflowEnvironment, taskQueue: string, activities: object, options: Partial<WorkerOptions> = {}): Promise<Worker> {
  return Worker.create({
    ...options,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: testEnvironment().workflowBundlePath },
    activities,
    dataConverter: workerDataConverter(testConfig()),
  });
}

/**
 * Starts one workflow on a fresh task queue with the given (fake) activities,
 * runs `body` against it, and terminates it if it is still running: a process
 * left waiting would hold the test server's clock for the tests after it.
 */
export async function runWorkflow<T>(
  env: TestWorkflowEnvironment,
  activities: object,
  workflowType: string,
  workflowId: string,
  args: unknown,
  body: (handle: WorkflowHandle) => Promise<T>,
): Promise<T> {
  const taskQueue = `${workflowType}-${Math.random().toString(36).slice(2)}`;
  const worker = await testWorker(env, taskQueue, activities);
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(workflowType, { taskQueue, workflowId, args: [args] });
    try {
      return await body(handle);
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  });
}

/** Polls a query until `check` holds or the process is no longer open (queries do not advance time). */
export async function queryUntil<V extends { status: string }>(handle: WorkflowHandle, query: QueryDefinition<V>, check: (view: V) => boolean): Promise<V> {
  for (;;) {
    const view = await handle.query(query);
    if (check(view) || view.status !== 'open') return view;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
