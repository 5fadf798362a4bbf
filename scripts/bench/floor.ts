import type { Client } from '@temporalio/client';
import { FLOOR_TASK_QUEUE, floorEventSignal, floorProcess } from './floor-workflow';
import { sumCpu, type CpuSample } from './cpu';
import { progress } from './progress';
import { elapsedMs, paced, pool, summarize, type Summary } from './stats';

export interface Throughput {
  completed: number;
  /** CPU seconds per component over the whole measurement. */
  cpu?: CpuSample;
  perSecond: number;
  /** From the last event sent to the completion being visible to the caller. */
  lastEventToDone: Summary;
  /** Each of those latencies (ms), so rounds can be pooled. */
  latencies: number[];
  /** Completed per second in each alternating round, when there were several. */
  roundsPerSecond?: number[];
  /** GETs a client sent per process while waiting for the outcome (ours only). */
  pollsPerProcess?: number;
  /** Events in one completed process's history: each is work for the server's single SQLite shard. */
  historyEvents?: number;
  /**
   * Ours only: each process's latency (ms) and the part of it before the
   * workflow task that wrote `verified` began (its `completed_at`, the task's
   * workflow time, less when the last webhook was answered): the server's
   * dispatch and the worker's queue. The rest is that task, its write and the polling.
   */
  outcomeSplits?: OutcomeSplit[];
}

export interface OutcomeSplit {
  total: number;
  toOutcomeTask: number;
}

/**
 * Rounds of one side pooled: the rate is the median round's, so a busy minute
 * of the shared machine during one round does not carry the figure; the
 * latencies and the CPU are all the rounds'.
 */
export function pooledRounds(rounds: readonly Throughput[]): Throughput {
  const rates = rounds.map((round) => round.perSecond).sort((a, b) => a - b);
  const latencies = rounds.flatMap((round) => round.latencies);
  const completed = rounds.reduce((total, round) => total + round.completed, 0);
  const polls = rounds.reduce((total, round) => total + (round.pollsPerProcess ?? 0) * round.completed, 0);
  const cpus = rounds.map((round) => round.cpu).filter((cpu): cpu is CpuSample => cpu !== undefined);
  return {
    completed,
    perSecond: rates[Math.floor(rates.length / 2)]!,
    roundsPerSecond: rounds.map((round) => round.perSecond),
    lastEventToDone: summarize(latencies),
    latencies,
    ...(rounds[0]?.pollsPerProcess !== undefined ? { pollsPerProcess: polls / completed } : {}),
    ...(rounds[0]?.outcomeSplits !== undefined ? { outcomeSplits: rounds.flatMap((round) => round.outcomeSplits ?? []) } : {}),
    ...(cpus.length === rounds.length ? { cpu: sumCpu(cpus) } : {}),
  };
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

/**
 * Start, two signals, completion: `total` of them with `concurrency` in flight,
 * or, given `perSecond`, one begun every 1/perSecond s whatever the others do
 * (an open-loop arrival rate, for latency below saturation).
 */
export async function floorThroughput(temporal: Client, tag: string, total: number, concurrency: number, perSecond?: number): Promise<Throughput> {
  const latencies: number[] = [];
  const counter = progress(`floor ${tag}`, total);
  const began = process.hrtime.bigint();
  const run = perSecond ? (task: (index: number) => Promise<void>) => paced(total, perSecond, task) : (task: (index: number) => Promise<void>) => pool(total, concurrency, task);
  await run(async (index) => {
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
    latencies,
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
