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

/**
 * A process already running when this change came replays its past calls as
 * the task-queue activities its history holds, and makes its later ones locally.
 */
export const LOCAL_ACTIVITIES_PATCH = 'local-activities';

/**
 * A workflow's activities, those named in `runLocally` as local activities
 * where its history allows it, the rest (calls to other parties' systems:
 * the registry, the payment gateway, the bank) through the task queue.
 * `patched()` decides at the first local call, once per execution.
 */
export function proxyProcessActivities<A extends object>(runLocally: readonly (keyof A & string)[]): ActivityInterfaceFor<A> {
  const queued = proxyActivities<A>(ACTIVITY_OPTIONS);
  const local = proxyLocalProcessActivities<A>();
  const isLocal = new Set<string>(runLocally);
  // Both proxies call the same functions with the same arguments; only where they run differs.
  return new Proxy({} as ActivityInterfaceFor<A>, {
    get(_, name) {
      if (typeof name !== 'string') return undefined;
      const proxy = isLocal.has(name) && patched(LOCAL_ACTIVITIES_PATCH) ? local : queued;
      return (proxy as Record<string, unknown>)[name];
    },
  });
}

/** Activities that always run locally: for code paths that only processes started after the change take. */
export function proxyLocalProcessActivities<A extends object>(): ActivityInterfaceFor<A> {
  return proxyLocalActivities<A>(LOCAL_ACTIVITY_OPTIONS);
}
