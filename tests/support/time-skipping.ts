import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../../codec/data-converter';
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

/** A worker on the prebuilt workflow bundle with the given (fake) activities. */
export function testWorker(env: TestWorkflowEnvironment, taskQueue: string, activities: object): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: testEnvironment().workflowBundlePath },
    activities,
    dataConverter: converter(),
  });
}
