import { msToNumber } from '@temporalio/common/lib/time';

/** Temporal duration string ('10 minutes') or ms to ms, for deadline arithmetic. */
export function durationMs(duration: string | number): number {
  return msToNumber(duration as Parameters<typeof msToNumber>[0]);
}
