import type { Client } from '@temporalio/client';
import { FLOOR_TASK_QUEUE, floorEventSignal, floorProcess } from './floor-workflow';
import type { CpuSample } from './cpu';
import { progress } from './progress';
import { elapsedMs, pool, summarize, type Summary } from './stats';

export interface Throughput {
  completed: number;
  /** CPU seconds per component over the whole measurement. */
  cpu?: CpuSample;
  perSecond: number;
  /** From the last event sent to the completion being visible to the caller. */
  lastEventToDone: Summary;
  /** GETs a client sent per process while waiting for the outcome (ours only). */
  pollsPerProcess?: number;
  /** Events in one completed process's history: each is work for the server's single SQLite shard. */
  historyEvents?: number;
}

/** The history length of one workflow, read back from the server. */
export async function historyLength(temporal: Client, workflowId: string): Promise<number> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return history.events?.length ?? 0;
}

const floorId = (tag: string, index: number) => `bench-floor-${tag}-${index}`;

function startFloor(temporal: Client, workflowId: string) {
  return temporal.workflow.start(floorProcess, { taskQueue: FLOOR_TASK_QUEUE, workflowId });
}

/** Start, two signals, completion: `total` of them with `concurrency` in flight. */
export async function floorThroughput(temporal: Client, tag: string, total: number, concurrency: number): Promise<Throughput> {
  const latencies: number[] = [];
  const counter = progress(`floor ${tag}`, total);
  const began = process.hrtime.bigint();
  await pool(total, concurrency, async (index) => {
    const handle = await startFloor(temporal, floorId(tag, index));
    await handle.signal(floorEventSignal, 'scanned');
    await handle.signal(floorEventSignal, 'authorized');
    const sent = process.hrtime.bigint();
    await handle.result();
    latencies.push(elapsedMs(sent));
    counter.tick();
  });
  counter.done();
  const seconds = elapsedMs(began) / 1000;
  return {
    completed: total,
    perSecond: total / seconds,
    lastEventToDone: summarize(latencies),
    historyEvents: await historyLength(temporal, floorId(tag, 0)),
  };
}

/** Floor processes started and left waiting on their signal and timer; `from`..`to` continue one numbering. */
export async function openFloor(temporal: Client, tag: string, from: number, to: number, concurrency: number): Promise<Summary> {
  const latencies: number[] = [];
  const counter = progress(`floor open ${tag}`, to, from);
  await pool(to - from, concurrency, async (offset) => {
    const began = process.hrtime.bigint();
    await startFloor(temporal, floorId(tag, from + offset));
    latencies.push(elapsedMs(began));
    counter.tick();
  });
  counter.done();
  return summarize(latencies);
}

/** Ends open floor processes so they do not weigh on what is measured next. */
export async function terminateFloor(temporal: Client, tag: string, count: number, concurrency: number): Promise<void> {
  const counter = progress(`terminating floor ${tag}`, count);
  await pool(count, concurrency, async (index) => {
    await temporal.workflow.getHandle(floorId(tag, index)).terminate('bench: open-process measurement done');
    counter.tick();
  });
  counter.done();
}
