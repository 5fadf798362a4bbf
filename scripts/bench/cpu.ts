// CPU time per component, read from /proc: on a 2-core machine the question
// is less "how fast" than "who spends the cores", ours or the Temporal server.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100;

export interface CpuSample {
  node: number;
  temporal: number;
  postgres: number;
}

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

/** A process and its live descendants, plus what its reaped children used. */
function treeSeconds(root: number): number {
  const all = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s) all.set(pid, s);
  }
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

/** Samples CPU seconds so far of this process, the Temporal dev server and the PostgreSQL postmaster's tree. */
export function cpuMeter(temporalPid: number | undefined, postgresDataDir: string): () => CpuSample | undefined {
  if (process.platform !== 'linux' || temporalPid === undefined) return () => undefined;
  return () => {
    const usage = process.cpuUsage();
    let postmaster: number | undefined;
    try {
      postmaster = Number(readFileSync(join(postgresDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      postmaster = undefined;
    }
    return {
      node: (usage.user + usage.system) / 1e6,
      temporal: treeSeconds(temporalPid),
      postgres: postmaster ? treeSeconds(postmaster) : 0,
    };
  };
}

export function cpuBetween(before: CpuSample | undefined, after: CpuSample | undefined): CpuSample | undefined {
  if (!before || !after) return undefined;
  return { node: after.node - before.node, temporal: after.temporal - before.temporal, postgres: after.postgres - before.postgres };
}
