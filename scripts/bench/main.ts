// `npm run bench`: our system against bare Temporal and a raw-pg read, in one
// run on one machine, so that only ratios are reported. Not part of `npm test`:
// it takes minutes and its numbers depend on what else the machine is doing.
//
//   npm run bench                        full run, rewrites BENCHMARKS.md
//   npm run bench -- --quick             small counts, for development and a smoke run
//   options: --only throughput,reads,open   --output FILE   --keep-data
//            --worker '{"maxCachedWorkflows":2000}'   --env DATABASE_POOL_SIZE=20
//            --dev-server-arg=--dynamic-config-value --dev-server-arg=system.enableActivityEagerExecution=true
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { WorkerOptions } from '@temporalio/worker';
import { cpuBetween } from './cpu';
import { startBenchSystem, type BenchSystem } from './environment';
import { processWorkflowId } from '../../workflows/process-ids';
import { floorThroughput, historyLength, openFloor, pooledRounds, terminateFloor, type Throughput } from './floor';
import { createAccounts, openVerifications, verifyAll } from './ours';
import { say } from './progress';
import { BASELINE_PATH, compareReads, load, mountBaseline, PRISMA_PATH } from './reads';
import { renderResults, writeReport, type BenchResults, type OpenLevel } from './report';
import { elapsedMs, rssMiB } from './stats';

const SIZES = {
  quick: { warmup: 20, completions: 150, concurrency: 10, readSeconds: 5, readConnections: 10, open: [200, 1_000], sample: 50 },
  full: { warmup: 50, completions: 600, concurrency: 20, readSeconds: 15, readConnections: 10, open: [1_000, 10_000], sample: 200 },
} as const;
/** Starts measured at each open level trickle in at this concurrency, so the latency is the system's, not a queue's. */
const SAMPLE_CONCURRENCY = 4;
const FILL_CONCURRENCY = 20;
/** The reads phase alternates the two routes in this many rounds, splitting its seconds among them. */
const READ_ROUNDS = 3;
/** The throughput phase alternates the floor and ours in this many rounds, splitting the completions among them. */
const THROUGHPUT_ROUNDS = 3;
const PHASES = ['throughput', 'reads', 'open'] as const;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    output: { type: 'string' },
    worker: { type: 'string' },
    env: { type: 'string', multiple: true },
    'dev-server-arg': { type: 'string', multiple: true },
    'keep-data': { type: 'boolean', default: false },
  },
});
const mode = values.quick ? 'quick' : 'full';
const size = SIZES[mode];
const phases = new Set(values.only ? values.only.split(',') : PHASES);
for (const phase of phases) if (!PHASES.includes(phase as (typeof PHASES)[number])) throw new Error(`unknown phase ${phase}`);
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
async function settle(bench: BenchSystem): Promise<void> {
  const began = process.hrtime.bigint();
  for (;;) {
    const before = bench.cpu();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const used = before ? cpuBetween(before, bench.cpu()) : undefined;
    const busyMs = used ? (used.node + used.temporal + used.postgres) * 1000 : 0;
    if (busyMs < 100 || elapsedMs(began) > 60_000) {
      say(`settled in ${(elapsedMs(began) / 1000).toFixed(0)} s (${busyMs.toFixed(0)} ms CPU in the last second)`);
      return;
    }
  }
}
let closeBaseline: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const began = process.hrtime.bigint();
  const devServerArgs = values['dev-server-arg'] ?? [];
  system = await startBenchSystem({ workerTuning, env, devServerArgs, keepData: values['keep-data'] }, (app, config, db) => {
    closeBaseline = mountBaseline(app, config, db);
  });
  const results: BenchResults = {
    mode,
    settings: [
      `worker ${values.worker ?? 'as worker/create-worker.ts sets it'}`,
      `DATABASE_POOL_SIZE ${system.config.database.poolSize}`,
      ...Object.entries(env).filter(([name]) => name !== 'DATABASE_POOL_SIZE').map(([name, value]) => `${name}=${value}`),
      `dev server ${devServerArgs.length ? devServerArgs.join(' ') : 'as `npm start` runs it'}`,
    ],
    wallSeconds: 0,
  };
  // Every run numbers its accounts afresh; applicants stay distinct across phases through one counter.
  let nextIndex = 0;
  const take = (count: number) => {
    const from = nextIndex;
    nextIndex += count;
    return [from, nextIndex] as const;
  };

  let readTarget: { processId: string; token: string } | undefined;
  if (phases.has('throughput')) {
    say(`warming up (${size.warmup} of each)`);
    await floorThroughput(system.floorClient, 'warmup', size.warmup, size.concurrency);
    await verifyAll(system, await createAccounts(system, 'w', ...take(size.warmup)), size.concurrency, 'ours warmup');
    const perRound = Math.ceil(size.completions / THROUGHPUT_ROUNDS);
    const floorRounds: Throughput[] = [];
    const oursRounds: Throughput[] = [];
    let firstAccount: string | undefined;
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      const floorCpu = system.cpu();
      const floorRound = await floorThroughput(system.floorClient, `run${round}`, perRound, size.concurrency);
      floorRound.cpu = cpuBetween(floorCpu, system.cpu());
      floorRounds.push(floorRound);
      const accounts = await createAccounts(system, 'v', ...take(perRound));
      firstAccount ??= accounts[0]!.accountId;
      const oursCpu = system.cpu();
      const oursRound = await verifyAll(system, accounts, size.concurrency, `ours${round}`);
      oursRound.cpu = cpuBetween(oursCpu, system.cpu());
      oursRounds.push(oursRound);
      say(`round ${round + 1}: floor ${floorRound.perSecond.toFixed(1)}/s, ours ${oursRound.perSecond.toFixed(1)}/s (${(oursRound.perSecond / floorRound.perSecond).toFixed(2)}x)`);
    }
    const floor = { ...pooledRounds(floorRounds), historyEvents: floorRounds[0]!.historyEvents };
    const ours = pooledRounds(oursRounds);
    ours.historyEvents = await historyLength(system.temporal, processWorkflowId(firstAccount!));
    say(`ours: ${ours.perSecond.toFixed(1)}/s (${(ours.perSecond / floor.perSecond).toFixed(2)}x the floor)`);
    results.throughput = { floor, ours, concurrency: size.concurrency };
  }

  if (phases.has('reads')) {
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

  if (phases.has('open')) {
    await settle(system);
    const [low, high] = size.open;
    const sample = size.sample;
    // Floor first, then ended, so our processes are measured against a server holding only ours open.
    const floorFill = process.hrtime.bigint();
    await openFloor(system.floorClient, 'open', 0, low, FILL_CONCURRENCY);
    const floorLow: OpenLevel = { open: low, starts: await openFloor(system.floorClient, 'open', low, low + sample, SAMPLE_CONCURRENCY) };
    const fillStarted = process.hrtime.bigint();
    await openFloor(system.floorClient, 'open', low + sample, high, FILL_CONCURRENCY);
    const floorFillPerSecond = (high - low - sample) / (elapsedMs(fillStarted) / 1000);
    const floorHigh: OpenLevel = { open: high, starts: await openFloor(system.floorClient, 'open', high, high + sample, SAMPLE_CONCURRENCY) };
    say(`floor open: start p50 ${floorLow.starts.p50.toFixed(1)} ms at ${low}, ${floorHigh.starts.p50.toFixed(1)} ms at ${high} (${(elapsedMs(floorFill) / 1000).toFixed(0)} s)`);
    await terminateFloor(system.floorClient, 'open', high + sample, FILL_CONCURRENCY);

    const rssBefore = rssMiB();
    const ours = (accounts: Awaited<ReturnType<typeof createAccounts>>, concurrency: number, total: number) =>
      openVerifications(system!, accounts, concurrency, 'ours open', total);
    await ours(await createAccounts(system, 'o', ...take(low)), FILL_CONCURRENCY, low);
    const oursLow: OpenLevel = { open: low, starts: await ours(await createAccounts(system, 'o', ...take(sample)), SAMPLE_CONCURRENCY, low + sample) };
    const rssAtLow = rssMiB();
    const fillAccounts = await createAccounts(system, 'o', ...take(high - low - sample));
    const oursFill = process.hrtime.bigint();
    await ours(fillAccounts, FILL_CONCURRENCY, high);
    const oursFillPerSecond = fillAccounts.length / (elapsedMs(oursFill) / 1000);
    const oursHigh: OpenLevel = { open: high, starts: await ours(await createAccounts(system, 'o', ...take(sample)), SAMPLE_CONCURRENCY, high + sample) };
    const rssAtHigh = rssMiB();
    say(`ours open: start p50 ${oursLow.starts.p50.toFixed(1)} ms at ${low}, ${oursHigh.starts.p50.toFixed(1)} ms at ${high}; RSS ${rssBefore.toFixed(0)} → ${rssAtHigh.toFixed(0)} MiB`);
    results.open = {
      floor: [floorLow, floorHigh],
      ours: [oursLow, oursHigh],
      rssMiB: { before: rssBefore, atFirst: rssAtLow, atSecond: rssAtHigh },
      fillPerSecond: { floor: floorFillPerSecond, ours: oursFillPerSecond },
    };
  }

  results.wallSeconds = elapsedMs(began) / 1000;
  const table = renderResults(results);
  writeReport(output, table);
  process.stdout.write(`${table}\n\nwritten to ${output}\n`);
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await closeBaseline?.().catch(() => undefined);
  await system?.stop();
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));
main().then(
  () => shutdown(0),
  (error: unknown) => {
    say(error instanceof Error ? error.stack ?? error.message : String(error));
    return shutdown(1);
  },
);
