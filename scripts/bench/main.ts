// `npm run bench`: our system against bare Temporal and a raw-pg read, in one
// run on one machine, so that only ratios are reported. Not part of `npm test`:
// it takes minutes and its numbers depend on what else the machine is doing.
//
//   npm run bench                        full run on both servers, rewrites BENCHMARKS.md
//   npm run bench -- --quick             small counts, for development and a smoke run
//   options: --server dev|cluster|both (default both: the cluster first, then the dev server)
//            --only throughput,latency,workers,reads,open   --output FILE   --keep-data   --skip-open-floor
//            --worker '{"maxCachedWorkflows":2000}'   --env DATABASE_POOL_SIZE=20
//            --dev-server-arg=--dynamic-config-value --dev-server-arg=system.enableActivityEagerExecution=true
// Phases: throughput on both servers; latency (at half the saturating rate) and
// workers (one against two) on the cluster; reads on the dev server (the read
// touches PostgreSQL only); open on both.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { WorkerOptions } from '@temporalio/worker';
import { cpuBetween, totalCpu } from './cpu';
import { startBenchSystem, type BenchSystem, type ServerKind } from './environment';
import { processWorkflowId } from '../../workflows/process-ids';
import { floorThroughput, historyLength, openFloor, pooledRounds, terminateFloor, type Throughput } from './floor';
import { createAccounts, openVerifications, verifyAll } from './ours';
import { say } from './progress';
import { BASELINE_PATH, compareReads, load, mountBaseline, PRISMA_PATH } from './reads';
import { renderResults, writeReport, type BenchResults, type OpenLevel } from './report';
import { elapsedMs, rssMiB } from './stats';

const SIZES = {
  quick: { warmup: 20, completions: 150, concurrency: 10, pacedSeconds: 20, workerCompletions: 90, readSeconds: 5, readConnections: 10, open: [200, 1_000], sample: 50 },
  full: { warmup: 50, completions: 600, concurrency: 20, pacedSeconds: 60, workerCompletions: 450, readSeconds: 15, readConnections: 10, open: [1_000, 10_000], sample: 200 },
} as const;
/** Starts measured at each open level trickle in at this concurrency, so the latency is the system's, not a queue's. */
const SAMPLE_CONCURRENCY = 4;
const FILL_CONCURRENCY = 20;
/** The reads phase alternates the two routes in this many rounds, splitting its seconds among them. */
const READ_ROUNDS = 3;
/** The throughput phase alternates the floor and ours in this many rounds, splitting the completions among them. */
const THROUGHPUT_ROUNDS = 3;
/** The latency phase alternates the floor and ours at half the saturating rate in this many rounds. */
const LATENCY_ROUNDS = 2;
const PHASES = ['throughput', 'latency', 'workers', 'reads', 'open'] as const;
type Phase = (typeof PHASES)[number];
/** Which phases each server runs when asked for them. */
const PHASES_ON: Record<ServerKind, readonly Phase[]> = {
  dev: ['throughput', 'reads', 'open'],
  cluster: ['throughput', 'latency', 'workers', 'open'],
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    server: { type: 'string', default: 'both' },
    only: { type: 'string' },
    output: { type: 'string' },
    worker: { type: 'string' },
    env: { type: 'string', multiple: true },
    'dev-server-arg': { type: 'string', multiple: true },
    'keep-data': { type: 'boolean', default: false },
    'skip-open-floor': { type: 'boolean', default: false },
  },
});
const mode = values.quick ? 'quick' : 'full';
const size = SIZES[mode];
const phases = new Set(values.only ? values.only.split(',') : PHASES);
for (const phase of phases) if (!PHASES.includes(phase as Phase)) throw new Error(`unknown phase ${phase}`);
if (!['dev', 'cluster', 'both'].includes(values.server!)) throw new Error(`--server is dev, cluster or both, not ${values.server}`);
const servers: ServerKind[] = values.server === 'both' ? ['cluster', 'dev'] : [values.server as ServerKind];
const workerTuning = JSON.parse(values.worker ?? '{}') as Partial<WorkerOptions>;
const env = Object.fromEntries((values.env ?? []).map((pair) => pair.split('=', 2) as [string, string]));
const output = values.output ?? join(__dirname, '..', '..', 'BENCHMARKS.md');

let system: BenchSystem | undefined;

/**
 * Waits until the previous phase's after-work (the server's timers and
 * visibility writes, the worker's last notices, the collector) has died down,
 * so each phase starts from a quiet machine: at most 10% of a core used by the
 * three components over a second, for at most 60 s.
 */
async function settle(bench: BenchSystem | undefined): Promise<void> {
  if (!bench) return;
  const began = process.hrtime.bigint();
  for (;;) {
    const before = bench.cpu();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const used = before ? cpuBetween(before, bench.cpu()) : undefined;
    const busyMs = used ? totalCpu(used) * 1000 : 0;
    if (busyMs < 100 || elapsedMs(began) > 60_000) {
      say(`settled in ${(elapsedMs(began) / 1000).toFixed(0)} s (${busyMs.toFixed(0)} ms CPU in the last second)`);
      return;
    }
  }
}
let closeBaseline: (() => Promise<void>) | undefined;

/** Applicants stay distinct across phases and servers through one counter. */
let nextIndex = 0;
const take = (count: number) => {
  const from = nextIndex;
  nextIndex += count;
  return [from, nextIndex] as const;
};

/** The floor and ours in alternating rounds, so a busy minute of the shared machine falls on both; each side's median round. */
async function alternatingRounds(bench: BenchSystem, label: string, rounds: number, perRound: number, rate?: number): Promise<{ floor: Throughput; ours: Throughput; firstAccount: string }> {
  const floorRounds: Throughput[] = [];
  const oursRounds: Throughput[] = [];
  let firstAccount: string | undefined;
  for (let round = 0; round < rounds; round++) {
    const floorCpu = bench.cpu();
    const floorRound = await floorThroughput(bench.floorClient, `${label}${round}`, perRound, size.concurrency, rate);
    floorRound.cpu = cpuBetween(floorCpu, bench.cpu());
    floorRounds.push(floorRound);
    const accounts = await createAccounts(bench, label, ...take(perRound));
    firstAccount ??= accounts[0]!.accountId;
    const oursCpu = bench.cpu();
    const oursRound = await verifyAll(bench, accounts, size.concurrency, `ours ${label}${round}`, rate);
    oursRound.cpu = cpuBetween(oursCpu, bench.cpu());
    oursRounds.push(oursRound);
    say(`${label} round ${round + 1}: floor ${floorRound.perSecond.toFixed(1)}/s, ours ${oursRound.perSecond.toFixed(1)}/s (${(oursRound.perSecond / floorRound.perSecond).toFixed(2)}x)`);
  }
  return { floor: { ...pooledRounds(floorRounds), historyEvents: floorRounds[0]!.historyEvents }, ours: pooledRounds(oursRounds), firstAccount: firstAccount! };
}

async function measure(server: ServerKind): Promise<BenchResults> {
  const began = process.hrtime.bigint();
  const devServerArgs = values['dev-server-arg'] ?? [];
  system = await startBenchSystem({ server, workerTuning, env, devServerArgs, keepData: values['keep-data'] }, (app, config, db) => {
    closeBaseline = mountBaseline(app, config, db);
  });
  const runs = (phase: Phase) => phases.has(phase) && PHASES_ON[server].includes(phase);
  const results: BenchResults = {
    mode,
    server,
    settings: [
      `worker ${values.worker ?? 'as worker/create-worker.ts sets it'}`,
      `DATABASE_POOL_SIZE ${system.config.database.poolSize}`,
      ...Object.entries(env).filter(([name]) => name !== 'DATABASE_POOL_SIZE').map(([name, value]) => `${name}=${value}`),
      server === 'dev'
        ? `dev server ${devServerArgs.length ? devServerArgs.join(' ') : 'as `npm start` runs it'}`
        : 'the Temporal server 1.32.1 as `npm run start:cluster` runs it (scripts/infra/cluster: 8 history shards, its own PostgreSQL, the four services in one process), our database on a PostgreSQL of its own',
    ],
    wallSeconds: 0,
  };

  let readTarget: { processId: string; token: string } | undefined;
  if (runs('throughput')) {
    say(`${server}: warming up (${size.warmup} of each)`);
    await floorThroughput(system.floorClient, 'warmup', size.warmup, size.concurrency);
    await verifyAll(system, await createAccounts(system, 'w', ...take(size.warmup)), size.concurrency, 'ours warmup');
    const { floor, ours, firstAccount } = await alternatingRounds(system, 'v', THROUGHPUT_ROUNDS, Math.ceil(size.completions / THROUGHPUT_ROUNDS));
    ours.historyEvents = await historyLength(system.temporal, processWorkflowId(firstAccount));
    say(`ours: ${ours.perSecond.toFixed(1)}/s (${(ours.perSecond / floor.perSecond).toFixed(2)}x the floor)`);
    results.throughput = { floor, ours, concurrency: size.concurrency };
  }

  if (runs('latency')) {
    if (!results.throughput) throw new Error('the latency phase runs at half the rate the throughput phase saturates at: run both');
    await settle(system);
    // Half of ours' saturating rate, for both sides: below saturation the latency is the system's, not a queue's.
    const rate = results.throughput.ours.perSecond / 2;
    say(`latency at ${rate.toFixed(1)} started/s (half ours' saturating rate), both sides`);
    // A fixed time at that rate rather than a fixed count, so a busy machine (a low rate) does not stretch the phase.
    const perRound = Math.max(10, Math.ceil((rate * size.pacedSeconds) / LATENCY_ROUNDS));
    const { floor, ours } = await alternatingRounds(system, 'l', LATENCY_ROUNDS, perRound, rate);
    results.latency = { perSecond: rate, floor, ours };
  }

  if (runs('workers')) {
    await settle(system);
    say('starting a second worker process');
    const stopSecond = await system.startSecondWorker();
    try {
      const { floor, ours } = await alternatingRounds(system, 't', THROUGHPUT_ROUNDS, Math.ceil(size.workerCompletions / THROUGHPUT_ROUNDS));
      say(`two workers: ${ours.perSecond.toFixed(1)}/s (${(ours.perSecond / floor.perSecond).toFixed(2)}x the floor)`);
      results.twoWorkers = { floor, ours, concurrency: size.concurrency };
    } finally {
      await stopSecond();
    }
  }

  if (runs('reads')) {
    await settle(system);
    const [account] = await createAccounts(system, 'r', ...take(1));
    await verifyAll(system, [account!], 1, 'read target');
    const process = await system.db.process.findFirstOrThrow({ where: { accountId: account!.accountId } });
    readTarget = { processId: process.id, token: account!.token };
    const options = { seconds: size.readSeconds, connections: size.readConnections };
    // Both routes warm (JIT, pools) before either is measured.
    await load(`${system.baseUrl}${BASELINE_PATH}/${readTarget.processId}`, { ...options, seconds: 2 });
    await load(`${system.baseUrl}/v1/processes/${readTarget.processId}`, { ...options, seconds: 2, token: readTarget.token });
    const { baseline, ours } = await compareReads(
      { baseline: `${system.baseUrl}${BASELINE_PATH}/${readTarget.processId}`, ours: `${system.baseUrl}/v1/processes/${readTarget.processId}` },
      { ...options, token: readTarget.token, rounds: READ_ROUNDS },
    );
    const prismaOnly = await load(`${system.baseUrl}${PRISMA_PATH}/${readTarget.processId}`, options);
    say(`reads: ours ${ours.requestsPerSecond.toFixed(0)}/s p99 ${ours.p99} ms, baseline ${baseline.requestsPerSecond.toFixed(0)}/s p99 ${baseline.p99} ms`);
    results.reads = { baseline, ours, prismaOnly, ...options, rounds: READ_ROUNDS };
  }

  if (runs('open')) {
    await settle(system);
    const [low, high] = size.open;
    const sample = size.sample;
    let floor: { levels: [OpenLevel, OpenLevel]; fillPerSecond: number } | undefined;
    // --skip-open-floor: ours alone, when the machine is too slow to fill the floor's processes and end them as well.
    if (!values['skip-open-floor']) {
      // Floor first, then ended, so our processes are measured against a server holding only ours open.
      const floorFill = process.hrtime.bigint();
      await openFloor(system.floorClient, 'open', 0, low, FILL_CONCURRENCY);
      // Each level's starts are timed once the fill's after-work (timers, visibility writes) is done: the latency at N open, not during a fill.
      await settle(system);
      const floorLow: OpenLevel = { open: low, starts: await openFloor(system.floorClient, 'open', low, low + sample, SAMPLE_CONCURRENCY) };
      const fillStarted = process.hrtime.bigint();
      await openFloor(system.floorClient, 'open', low + sample, high, FILL_CONCURRENCY);
      const floorFillPerSecond = (high - low - sample) / (elapsedMs(fillStarted) / 1000);
      await settle(system);
      const floorHigh: OpenLevel = { open: high, starts: await openFloor(system.floorClient, 'open', high, high + sample, SAMPLE_CONCURRENCY) };
      say(`floor open: start p50 ${floorLow.starts.p50.toFixed(1)} ms at ${low}, ${floorHigh.starts.p50.toFixed(1)} ms at ${high} (${(elapsedMs(floorFill) / 1000).toFixed(0)} s)`);
      await terminateFloor(system.floorClient, 'open', high + sample, FILL_CONCURRENCY);
      floor = { levels: [floorLow, floorHigh], fillPerSecond: floorFillPerSecond };
    }

    const rssBefore = rssMiB();
    const ours = (accounts: Awaited<ReturnType<typeof createAccounts>>, concurrency: number, total: number) =>
      openVerifications(system!, accounts, concurrency, 'ours open', total);
    await ours(await createAccounts(system, 'o', ...take(low)), FILL_CONCURRENCY, low);
    await settle(system);
    const oursLow: OpenLevel = { open: low, starts: await ours(await createAccounts(system, 'o', ...take(sample)), SAMPLE_CONCURRENCY, low + sample) };
    const rssAtLow = rssMiB();
    const fillAccounts = await createAccounts(system, 'o', ...take(high - low - sample));
    const oursFill = process.hrtime.bigint();
    await ours(fillAccounts, FILL_CONCURRENCY, high);
    const oursFillPerSecond = fillAccounts.length / (elapsedMs(oursFill) / 1000);
    await settle(system);
    const oursHigh: OpenLevel = { open: high, starts: await ours(await createAccounts(system, 'o', ...take(sample)), SAMPLE_CONCURRENCY, high + sample) };
    const rssAtHigh = rssMiB();
    say(`ours open: start p50 ${oursLow.starts.p50.toFixed(1)} ms at ${low}, ${oursHigh.starts.p50.toFixed(1)} ms at ${high}; RSS ${rssBefore.toFixed(0)} → ${rssAtHigh.toFixed(0)} MiB`);
    results.open = {
      floor: floor?.levels,
      ours: [oursLow, oursHigh],
      rssMiB: { before: rssBefore, atFirst: rssAtLow, atSecond: rssAtHigh },
      fillPerSecond: { floor: floor?.fillPerSecond, ours: oursFillPerSecond },
    };
  }

  results.wallSeconds = elapsedMs(began) / 1000;
  return results;
}

async function main(): Promise<void> {
  for (const server of servers) {
    const results = await measure(server);
    // Each server's table is written as soon as it is measured, so a later failure keeps it.
    const table = renderResults(results);
    writeReport(output, table, server);
    process.stdout.write(`${table}\n\nwritten to ${output}\n`);
    await closeBaseline?.().catch(() => undefined);
    closeBaseline = undefined;
    await system?.stop();
    system = undefined;
  }
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await closeBaseline?.().catch(() => undefined);
    await system?.stop();
  } catch (error) {
    say(`while stopping: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    process.exit(code);
  }
}

/** Ctrl-C: the servers stop under the drivers, whose calls then fail; those failures are the interruption, not errors to report. */
function interrupt(signal: NodeJS.Signals, code: number): void {
  // A second Ctrl-C while stopping: leave at once (the servers' process groups may then be left running).
  if (stopping) process.exit(code);
  say(`${signal}: stopping the workers, the API and the servers (a server's table already written stays; this one is not written)`);
  // A driver's call retried by the Temporal client after its channel closed throws from a timer: uncaught, it
  // would end the process before the servers are stopped, leaving them and the bench's data folder behind.
  const expected = () => undefined;
  process.on('uncaughtException', expected);
  process.on('unhandledRejection', expected);
  void shutdown(code);
}

process.on('SIGINT', () => interrupt('SIGINT', 130));
process.on('SIGTERM', () => interrupt('SIGTERM', 143));
main().then(
  () => shutdown(0),
  (error: unknown) => {
    if (stopping) return;
    say(error instanceof Error ? error.stack ?? error.message : String(error));
    return shutdown(1);
  },
);
