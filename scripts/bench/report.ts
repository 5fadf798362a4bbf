import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { totalCpu, type CpuSample } from './cpu';
import type { ServerKind } from './environment';
import type { OutcomeSplit, Throughput } from './floor';
import type { LoadResult } from './reads';
import { summarize, type Summary } from './stats';

export interface OpenLevel {
  open: number;
  starts: Summary;
}

export interface BenchResults {
  mode: 'quick' | 'full';
  server: ServerKind;
  settings: string[];
  throughput?: { floor: Throughput; ours: Throughput; concurrency: number };
  /** Both sides begun at `perSecond`, half ours' saturating rate (cluster). */
  latency?: { perSecond: number; floor: Throughput; ours: Throughput };
  /** The throughput phase again with a second worker process on our task queue (cluster). */
  twoWorkers?: { floor: Throughput; ours: Throughput; concurrency: number };
  reads?: { baseline: LoadResult; ours: LoadResult; prismaOnly: LoadResult; connections: number; seconds: number; rounds: number };
  open?: {
    /** Absent with --skip-open-floor. */
    floor?: [OpenLevel, OpenLevel];
    ours: [OpenLevel, OpenLevel];
    rssMiB: { before: number; atFirst: number; atSecond: number };
    fillPerSecond: { floor?: number; ours: number };
  };
  wallSeconds: number;
}

/** Each server's table between markers of its own, so a run on one server keeps the other's. */
const MARKERS: Record<ServerKind, { begin: string; end: string; heading: string }> = {
  dev: { begin: '<!-- bench:begin (written by `npm run bench`; edit outside these markers) -->', end: '<!-- bench:end -->', heading: '## Latest run' },
  cluster: {
    begin: '<!-- bench-cluster:begin (written by `npm run bench`; edit outside these markers) -->',
    end: '<!-- bench-cluster:end -->',
    heading: '## Cluster (latest run)',
  },
};

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const ratio = (value: number) => `${value.toFixed(2)}x`;
const kibPer = (mib: number, count: number) => ((mib * 1024) / count).toFixed(0);
const verdict = (met: boolean) => (met ? 'met' : '**not met**');

/** How the rounds went, so a reader sees the spread behind the medians. */
function roundsNote(floor: Throughput, ours: Throughput): string {
  if (!floor.roundsPerSecond || !ours.roundsPerSecond) return '';
  const each = ours.roundsPerSecond.map((rate, i) => `${rate.toFixed(1)}/${floor.roundsPerSecond![i]!.toFixed(1)}`);
  return `; medians of ${ours.roundsPerSecond.length} rounds alternating with the floor, ours/floor per round: ${each.join(', ')}`;
}

/** Of the machine's cores, how many the components kept busy: near all of them, the cores are the limit; well below, something that waits is. */
const busy = (side: Throughput) => (side.cpu ? ((totalCpu(side.cpu) / side.completed) * side.perSecond).toFixed(2) : '?');

/** CPU per completed process of each component that ran, and the cores busy. */
function cpuRows(server: ServerKind, floor: Throughput, ours: Throughput): string[] {
  if (!ours.cpu || !floor.cpu) return [];
  const names: Array<[keyof CpuSample, string]> = server === 'dev'
    ? [['temporal', 'Temporal dev server'], ['postgres', 'PostgreSQL'], ['node', 'bench process (API, workers, drivers)']]
    : [
        ['temporal', 'Temporal server (cluster)'],
        ['temporalStore', "Temporal's PostgreSQL"],
        ['postgres', 'our PostgreSQL'],
        ['node', 'bench process (API, workers, drivers)'],
      ];
  if (ours.cpu.secondWorker > 0) names.push(['secondWorker', 'second worker process']);
  const perProcess = (cpu: CpuSample, part: keyof CpuSample, completed: number) => (cpu[part] * 1000) / completed;
  const rows = names.map(([part, name]) => {
    const mine = perProcess(ours.cpu!, part, ours.completed);
    const theirs = perProcess(floor.cpu!, part, floor.completed);
    // Below a millisecond the floor's share is rounding, and a ratio to it says nothing.
    return `| CPU ms per completed process: ${name} | ${ms(mine)} | floor ${ms(theirs)} | ${theirs >= 1 ? ratio(mine / theirs) : '–'} | |`;
  });
  rows.push(`| cores busy during the phase (of ${cpus().length}) | ${busy(ours)} | floor ${busy(floor)} | | |`);
  return rows;
}

export function renderResults(results: BenchResults): string {
  const cpu = cpus();
  const lines = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` (${results.server === 'dev' ? 'the dev server' : 'the cluster'}),` +
      ` load average ${loadavg()[0]!.toFixed(1)} at the end,` +
      ` ${Math.round(results.wallSeconds)} s. Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'},` +
      ` ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, shared with other developers' test runs.`,
    `Settings: ${results.settings.join('; ')}.`,
    '',
    '| measure | ours | reference | ratio | target |',
    '|---|---|---|---|---|',
  ];
  const { throughput, reads, open } = results;
  if (throughput) {
    const { floor, ours } = throughput;
    const share = ours.perSecond / floor.perSecond;
    lines.push(
      `| completed processes/s, ${throughput.concurrency} concurrent (${ours.completed} each${roundsNote(floor, ours)}) | ${ours.perSecond.toFixed(1)} | floor ${floor.perSecond.toFixed(1)} | ${ratio(share)} | ${results.server === 'dev' ? `≥ 0.5x: ${verdict(share >= 0.5)}` : ''} |`,
      `| last webhook → \`verified\` via GET, p50 (ms; GET every 50 ms, ${ours.pollsPerProcess?.toFixed(1) ?? '?'} GETs per process) | ${ms(ours.lastEventToDone.p50)} | floor last signal → result ${ms(floor.lastEventToDone.p50)} | ${ratio(ours.lastEventToDone.p50 / floor.lastEventToDone.p50)} | |`,
      `| last webhook → \`verified\` via GET, p99 (ms) | ${ms(ours.lastEventToDone.p99)} | floor ${ms(floor.lastEventToDone.p99)} | ${ratio(ours.lastEventToDone.p99 / floor.lastEventToDone.p99)} | |`,
    );
    if (ours.historyEvents && floor.historyEvents) {
      lines.push(`| history events per completed process | ${ours.historyEvents} | floor ${floor.historyEvents} | ${ratio(ours.historyEvents / floor.historyEvents)} | |`);
    }
    lines.push(...cpuRows(results.server, floor, ours));
  }
  if (results.latency) {
    const { floor, ours, perSecond } = results.latency;
    lines.push(
      `| at half the saturating rate (${perSecond.toFixed(1)} started/s, both sides; ${ours.completed} each): last webhook → \`verified\` via GET, p50 (ms) | ${ms(ours.lastEventToDone.p50)} | floor last signal → result ${ms(floor.lastEventToDone.p50)} | ${ratio(ours.lastEventToDone.p50 / floor.lastEventToDone.p50)} | |`,
      `| at half the saturating rate: last webhook → \`verified\`, p99 (ms) | ${ms(ours.lastEventToDone.p99)} | floor ${ms(floor.lastEventToDone.p99)} | ${ratio(ours.lastEventToDone.p99 / floor.lastEventToDone.p99)} | |`,
      ...splitRows(ours.outcomeSplits),
      `| cores busy at half the saturating rate (of ${cpus().length}) | ${busy(ours)} | floor ${busy(floor)} | | |`,
    );
  }
  if (results.twoWorkers && throughput) {
    const two = results.twoWorkers;
    const oneShare = throughput.ours.perSecond / throughput.floor.perSecond;
    const twoShare = two.ours.perSecond / two.floor.perSecond;
    lines.push(
      `| two workers (a second worker process beside the bench process's): completed processes/s, ${two.concurrency} concurrent (${two.ours.completed} each${roundsNote(two.floor, two.ours)}) | ${two.ours.perSecond.toFixed(1)} | floor ${two.floor.perSecond.toFixed(1)} | ${ratio(twoShare)} | |`,
      `| two workers against one, each as its share of the floor in its own rounds | ${ratio(twoShare)} | one worker ${ratio(oneShare)} | ${ratio(twoShare / oneShare)} | |`,
      ...cpuRows(results.server, two.floor, two.ours).map((row) => row.replace('| CPU ms', '| two workers: CPU ms').replace('| cores busy', '| two workers: cores busy')),
    );
  }
  if (reads) {
    const { baseline, ours } = reads;
    const p99 = ours.p99 / baseline.p99;
    lines.push(
      `| \`GET /v1/processes/{id}\` requests/s, ${reads.connections} connections, ${reads.rounds} rounds alternating with the baseline, ${reads.seconds} s in all (medians of the rounds) | ${ours.requestsPerSecond.toFixed(0)} | raw \`pg\` route ${baseline.requestsPerSecond.toFixed(0)} | ${ratio(ours.requestsPerSecond / baseline.requestsPerSecond)} | |`,
      `| \`GET /v1/processes/{id}\` p50 (ms) | ${ms(ours.p50)} | raw \`pg\` ${ms(baseline.p50)} | ${ratio(ours.p50 / baseline.p50)} | |`,
      `| \`GET /v1/processes/{id}\` p99 (ms) | ${ms(ours.p99)} | raw \`pg\` ${ms(baseline.p99)} | ${ratio(p99)} | ≤ 1.5x: ${verdict(p99 <= 1.5)} |`,
      `| probe: the same read through Prisma's \`include\` (no auth, no view), requests/s and p99 (ms) | ${reads.prismaOnly.requestsPerSecond.toFixed(0)}, ${ms(reads.prismaOnly.p99)} | raw \`pg\` ${baseline.requestsPerSecond.toFixed(0)}, ${ms(baseline.p99)} | ${ratio(reads.prismaOnly.p99 / baseline.p99)} p99 | |`,
    );
    if (ours.non2xx + ours.errors + baseline.non2xx + baseline.errors > 0) {
      lines.push(`| failed reads (non-2xx + errors) | ${ours.non2xx + ours.errors} | ${baseline.non2xx + baseline.errors} | | 0 |`);
    }
  }
  if (open) {
    const [floorLow, floorHigh] = open.floor ?? [];
    const [oursLow, oursHigh] = open.ours;
    const oursGrowth = oursHigh.starts.p50 / oursLow.starts.p50;
    const floorP50 = floorLow && floorHigh ? `floor ${ms(floorLow.starts.p50)} → ${ms(floorHigh.starts.p50)} (${ratio(floorHigh.starts.p50 / floorLow.starts.p50)})` : 'floor not measured (--skip-open-floor)';
    const floorP99 = floorLow && floorHigh ? `floor ${ms(floorLow.starts.p99)} → ${ms(floorHigh.starts.p99)} (${ratio(floorHigh.starts.p99 / floorLow.starts.p99)})` : '';
    const fillFloor = open.fillPerSecond.floor;
    lines.push(
      `| start latency p50 at ${oursLow.open} → ${oursHigh.open} open (ms) | ${ms(oursLow.starts.p50)} → ${ms(oursHigh.starts.p50)} (${ratio(oursGrowth)}) | ${floorP50} | growth ours ${ratio(oursGrowth)} | within 1.2x: ${verdict(oursGrowth <= 1.2)} |`,
      `| start latency p99 at ${oursLow.open} → ${oursHigh.open} open (ms) | ${ms(oursLow.starts.p99)} → ${ms(oursHigh.starts.p99)} (${ratio(oursHigh.starts.p99 / oursLow.starts.p99)}) | ${floorP99} | growth ours ${ratio(oursHigh.starts.p99 / oursLow.starts.p99)} | within 1.2x: ${verdict(oursHigh.starts.p99 / oursLow.starts.p99 <= 1.2)} |`,
      `| bench process RSS (MiB): before → ${oursLow.open} → ${oursHigh.open} open | ${open.rssMiB.before.toFixed(0)} → ${open.rssMiB.atFirst.toFixed(0)} → ${open.rssMiB.atSecond.toFixed(0)} | | +${kibPer(open.rssMiB.atFirst - open.rssMiB.before, oursLow.open)} then +${kibPer(open.rssMiB.atSecond - open.rssMiB.atFirst, oursHigh.open - oursLow.open)} KiB per open process | |`,
      `| starts/s while filling to ${oursHigh.open} open | ${open.fillPerSecond.ours.toFixed(1)} | ${fillFloor ? `floor ${fillFloor.toFixed(1)}` : ''} | ${fillFloor ? ratio(open.fillPerSecond.ours / fillFloor) : ''} | |`,
    );
  }
  return lines.join('\n');
}

const HEADER = `# Benchmarks

Ratios against references measured in the same run on the same machine; the
absolute numbers come from a shared 2-core development machine and mean little
on their own. \`npm run bench\` rewrites the table below; \`npm run bench -- --quick\`
is the small smoke run. See the Tuning section for what was changed and why.
`;

/** Replaces the generated part of the file and keeps everything written by hand around it. */
export function writeReport(path: string, results: string, server: ServerKind): void {
  const { begin, end: finish, heading } = MARKERS[server];
  const block = `${begin}\n${results}\n${finish}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  const start = current.indexOf(begin);
  const end = current.indexOf(finish);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + finish.length) : `${current.trimEnd()}\n\n${heading}\n\n${block}\n`;
  writeFileSync(path, next);
}

/**
 * Where ours' latency at half the rate goes: before the workflow task that
 * wrote `verified` began (the server's dispatch, the worker's queue), and from
 * it (the task, its write, the polling), over all processes and over the
 * slowest 1%, so a tail says which side it is on.
 */
function splitRows(splits: readonly OutcomeSplit[] | undefined): string[] {
  if (!splits || splits.length === 0) return [];
  const before = (list: readonly OutcomeSplit[]) => summarize(list.map((s) => s.toOutcomeTask));
  const after = (list: readonly OutcomeSplit[]) => summarize(list.map((s) => s.total - s.toOutcomeTask));
  const slowest = [...splits].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.ceil(splits.length / 100)));
  return [
    `| at half the saturating rate, of that latency: before the task that wrote \`verified\` began (server dispatch, worker queue), p50 / p99 (ms) | ${ms(before(splits).p50)} / ${ms(before(splits).p99)} | | | |`,
    `| … from that task on (its write, the polling), p50 / p99 (ms) | ${ms(after(splits).p50)} / ${ms(after(splits).p99)} | | | |`,
    `| … in the slowest 1% (${slowest.length}): before that task, median / from it on, median (ms) | ${ms(before(slowest).p50)} / ${ms(after(slowest).p50)} | | | |`,
  ];
}
