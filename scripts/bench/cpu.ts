// CPU time per component, read from /proc: on a 2-core machine the question
// is less "how fast" than "who spends the cores", ours or the Temporal server.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100;

export interface CpuSample {
  /** This process: the API, our worker (or the first of two), the floor's worker and the drivers. */
  node: number;
  /** The Temporal server (the dev server, or the cluster's server process). */
  temporal: number;
  /** Our PostgreSQL (the app's database). */
  postgres: number;
  /** The cluster's own PostgreSQL under the Temporal server (0 on the dev server, whose store is SQLite in its process). */
  temporalStore: number;
  /** A second worker process, while one runs. */
  secondWorker: number;
}

export const CPU_PARTS = ['temporal', 'temporalStore', 'postgres', 'node', 'secondWorker'] as const;

interface ProcStat {
  ppid: number;
  /** utime + stime, seconds */
  own: number;
  /** cutime + cstime of children already reaped, seconds */
  reaped: number;
}

function stat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const tick = (index: number) => Number(fields[index]) / TICKS_PER_SECOND;
    return { ppid: Number(fields[1]), own: tick(11) + tick(12), reaped: tick(13) + tick(14) };
  } catch {
    return undefined;
  }
}

function allStats(): Map<number, ProcStat> {
  const all = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s) all.set(pid, s);
  }
  return all;
}

/** A process and its live descendants, plus what its reaped children used. */
function treeSeconds(all: Map<number, ProcStat>, root: number | undefined): number {
  if (root === undefined) return 0;
  let total = 0;
  const visit = (pid: number) => {
    const s = all.get(pid);
    if (!s) return;
    total += s.own + s.reaped;
    for (const [child, cs] of all) if (cs.ppid === pid) visit(child);
  };
  visit(root);
  return total;
}

/** The first process whose command line (arguments joined by spaces) passes `test`: for servers started by code that does not hand out their pid. */
export function findPid(test: (commandLine: string) => boolean): number | undefined {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (test(commandLine)) return pid;
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

/** The postmaster of a PostgreSQL data directory, from its postmaster.pid. */
export function postmasterPid(pgdata: string): number | undefined {
  try {
    return Number(readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

export interface MeteredPids {
  temporal: number | undefined;
  /** Read on every sample: a postmaster restarted keeps being found. */
  postgres: () => number | undefined;
  temporalStore?: () => number | undefined;
  secondWorker?: () => number | undefined;
}

/** Samples CPU seconds so far of this process and of each component's process tree. */
export function cpuMeter(pids: MeteredPids): () => CpuSample | undefined {
  if (process.platform !== 'linux' || pids.temporal === undefined) return () => undefined;
  return () => {
    const usage = process.cpuUsage();
    const all = allStats();
    return {
      node: (usage.user + usage.system) / 1e6,
      temporal: treeSeconds(all, pids.temporal),
      postgres: treeSeconds(all, pids.postgres()),
      temporalStore: treeSeconds(all, pids.temporalStore?.()),
      secondWorker: treeSeconds(all, pids.secondWorker?.()),
    };
  };
}

export function cpuBetween(before: CpuSample | undefined, after: CpuSample | undefined): CpuSample | undefined {
  if (!before || !after) return undefined;
  const part = (name: keyof CpuSample) => Math.max(0, after[name] - before[name]);
  return { node: part('node'), temporal: part('temporal'), postgres: part('postgres'), temporalStore: part('temporalStore'), secondWorker: part('secondWorker') };
}

export function sumCpu(samples: readonly CpuSample[]): CpuSample {
  return samples.reduce((total, sample) => ({
    node: total.node + sample.node,
    temporal: total.temporal + sample.temporal,
    postgres: total.postgres + sample.postgres,
    temporalStore: total.temporalStore + sample.temporalStore,
    secondWorker: total.secondWorker + sample.secondWorker,
  }));
}

export const totalCpu = (sample: CpuSample) => CPU_PARTS.reduce((total, part) => total + sample[part], 0);
