import { ApplicationFailure } from '@temporalio/workflow';

/** Whether an activity's failure (task-queue or local), through its causes, is the activity's own answer of `type`. */
export function answeredAs(error: unknown, type: string): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ApplicationFailure && cause.type === type) return true;
  }
  return false;
}

/** What a registry call answers when the registry stayed down until the process's deadline. */
export const REGISTRY_DEADLINE_PASSED = 'registry_unavailable' as const;

/**
 * R-G7: a business-registry call (activities/enterprise: `answerBy`) is
 * retried while the registry is down only until the process's deadline; past
 * it the process fails `registry_unavailable` rather than wait for the
 * registry with the account's next process held back (R-G2).
 */
export async function beforeDeadline<T>(call: () => Promise<T>): Promise<T | typeof REGISTRY_DEADLINE_PASSED> {
  try {
    return await call();
  } catch (error) {
    if (answeredAs(error, 'RegistryDeadlinePassed')) return REGISTRY_DEADLINE_PASSED;
    throw error;
  }
}
