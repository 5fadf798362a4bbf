// The floor: what Temporal alone costs for a process shaped like ours (started,
// two signals, completed), with no activities, no database and no HTTP.
// Bundled on its own, so it imports nothing but the workflow SDK.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const FLOOR_TASK_QUEUE = 'bench-floor';

/** Stands in for the provider's `scanned` and `authorized` events. */
export const floorEventSignal = defineSignal<[string]>('floorEvent');

export async function floorProcess(): Promise<string[]> {
  const events: string[] = [];
  setHandler(floorEventSignal, (event) => {
    events.push(event);
  });
  // Waits with a deadline, as ours does, so an open floor process holds a timer too.
  await condition(() => events.length >= 2, '24 hours');
  return events;
}
