import type { ActivityOptions } from '@temporalio/workflow';

/** Activities are short I/O calls: retried with backoff until they succeed, each attempt bounded. */
export const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
};
