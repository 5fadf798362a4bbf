import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { registerSearchAttributes } from '../../scripts/infra/search-attributes';
import { testEnvironment } from './environment';
import { installQuietRuntime } from './runtime';

/** The time-skipping test server from the project-local install, with the project's search attributes. */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
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
