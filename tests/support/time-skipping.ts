import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, Worker } from '@temporalio/worker';
import { registerSearchAttributes } from '../../scripts/infra/search-attributes';
import { testEnvironment } from './environment';

let runtimeInstalled = false;

/** The time-skipping test server from the project-local install, with the project's search attributes. */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    const silent = () => undefined;
    Runtime.install({ logger: { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: silent }, shutdownSignals: [] });
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnvironment().testServerPath } },
  });
  await registerSearchAttributes(env.connection.operatorService, env.namespace ?? 'default');
  return env;
}

/** A worker on the prebuilt workflow bundle with the given (fake) activities. */
export function testWorker(env: TestWorkflowEnvironment, taskQueue: string, activities: object): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: testEnvironment().workflowBundlePath },
    activities,
  });
}
