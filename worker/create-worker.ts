import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { workerDataConverter } from '../codec/data-converter';
import { activityFailureInterceptors, recordGiveUpsIn } from './activity-failures';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './workflow-code';

export interface WorkerDeps extends ActivityDeps {
  connection: NativeConnection;
  /** A prebuilt bundle (tests build it once); otherwise the worker bundles workflows/ itself. */
  workflowBundlePath?: string;
  tuning?: Partial<WorkerOptions>;
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  const { connection, config, workflowBundlePath, tuning } = deps;
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(workflowBundlePath ? { workflowBundle: { codePath: workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    interceptors: {
      // A prebuilt bundle has the workflow interceptors built in.
      ...(workflowBundlePath ? {} : { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }),
      // Failures no retry can mend are attempted once, and every give-up is kept for operators.
      activity: [activityFailureInterceptors(recordGiveUpsIn(deps.db))],
    },
    activities: createActivities(deps),
    dataConverter: workerDataConverter(config),
    // Processes wait minutes to days between events, so a large cache holds idle
    // workflows for nothing: the SDK default (about 2,300 with a 4 GB heap) cost
    // 1.2 GB of RSS at 10,000 open, 500 cost 0.5 GB with the same start latency
    // (BENCHMARKS.md). An evicted process replays its short history on its next event.
    maxCachedWorkflows: 500,
    maxConcurrentActivityTaskExecutions: config.temporal.workerActivitySlots,
    ...tuning,
  });
}
