import {
  patched,
  proxyActivities,
  proxyLocalActivities,
  type ActivityInterfaceFor,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import { ACTIVITY_OPTIONS } from './activity-options';

/**
 * A process's own short, idempotent side effects (its read model, the account
 * at the outcome, the outcome notices) run as local activities: in the worker,
 * within the workflow task that asks for them, one marker event each instead of
 * six events and two task dispatches, and several in one workflow task
 * (BENCHMARKS.md). Retries continue as for any activity, under backoff timers
 * once they outlast a minute, so an outage does not hold a workflow task.
 */
const LOCAL_ACTIVITY_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: ACTIVITY_OPTIONS.startToCloseTimeout,
  retry: ACTIVITY_OPTIONS.retry,
};

/** Processes started before this change keep their task-queue activities until they end: their histories say so. */
export const LOCAL_ACTIVITIES_PATCH = 'local-activities';

/**
 * The activities of a workflow, run locally where its history allows it.
 * Call the returned function at each call site: `patched()` decides there,
 * once per execution.
 */
export function localActivities<A extends object>(): () => ActivityInterfaceFor<A> {
  const queued = proxyActivities<A>(ACTIVITY_OPTIONS);
  const local = proxyLocalActivities<A>(LOCAL_ACTIVITY_OPTIONS);
  // Both proxies call the same functions with the same arguments; only where they run differs.
  return () => (patched(LOCAL_ACTIVITIES_PATCH) ? (local as ActivityInterfaceFor<A>) : queued);
}
