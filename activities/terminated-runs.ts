import type { Client } from '@temporalio/client';
import { sqlPool, type Database } from '../prisma/client';
import type { CloseProcessEndedInErrorInput, ClosedProcess } from './process-ended-in-error';

/**
 * R-G7: a finished process never looks open. A workflow terminated from
 * outside (an operator in the Web UI, `temporal workflow terminate`) or timed
 * out by a run timeout ends without running any of our code, so nothing
 * closes its row. This pass finds such runs in Temporal's visibility and
 * closes the rows they left open, as `failed` with reason `terminated`, by the
 * same closing a failed workflow gets (activities/process-ended-in-error.ts):
 * a row whose account was already written closes as that outcome, the holder
 * is told, reviews are withdrawn.
 *
 * A reset terminates the run it resets and starts another for the same
 * process (the memo and the history up to the reset point are copied): while
 * that run is running it drives the process, so the row is moved to it (the
 * API signals the row's run) instead of being closed. A later run of the
 * account for another process is the account's next process (R-G2).
 */
export const PROCESS_WORKFLOW_TYPES = ['individualVerification', 'enterpriseVerification', 'subjectChange'] as const;
/** Every process of an account runs under this workflow id (workflows/process-ids.ts). */
const WORKFLOW_ID_PREFIX = 'account-process-';

export interface EndedRun {
  workflowId: string;
  runId: string;
  status: 'TERMINATED' | 'TIMED_OUT';
  closedAt: number;
}

export interface TerminatedRunsDeps {
  db: Database;
  temporal: Pick<Client, 'workflow'>;
  close(input: CloseProcessEndedInErrorInput): Promise<ClosedProcess>;
}

export interface TerminatedRunsPass {
  /** Runs of process workflows that ended from outside in the window. */
  listed: number;
  /** Rows this pass closed. */
  closed: number;
  /** Rows a later run of the same process drives (a reset): moved to that run, left open. */
  continued: number;
  /** Runs whose row could not be handled (Temporal or the database failed); the next pass asks again. */
  failed: number;
  /** The close time of the earliest run that failed, for the next window to start at; null when none failed. */
  retryFrom: number | null;
  /** Runs left for a later pass because they have not settled (a reset may still follow). */
  unsettled: number;
  /** The close time of the earliest of those, for the next window to start at; null when none. */
  unsettledFrom: number | null;
  /**
   * The latest close time visibility listed, children included, in the
   * server's clock: a later window starts from it once it was listed
   * PASS_OVERLAP_MS before, so the worker's clock never decides which runs are
   * asked for. Null when none.
   */
  latestClose: number | null;
}

interface OpenRow {
  id: string;
  accountId: string;
  runId: string;
}

const OPEN_ROWS = `
  SELECT id, account_id AS "accountId", run_id AS "runId"
    FROM processes
   WHERE account_id = ANY($1::text[]) AND status = 'open'`;
const MOVE_TO_RUN = `UPDATE processes SET run_id = $3, updated_at = now() WHERE id = $1 AND run_id = $2 AND status = 'open'`;

/**
 * The visibility query of a window open at its end: the window's start is a
 * close time visibility gave (or a month back at first), and no end is drawn
 * from the worker's clock, which may be ahead of the server's. Temporal parses
 * the RFC 3339 literal as a timestamp (UTC here).
 */
export function endedRunsQuery(since: Date): string {
  const types = PROCESS_WORKFLOW_TYPES.map((type) => `'${type}'`).join(', ');
  return `ExecutionStatus IN ('Terminated', 'TimedOut') AND WorkflowType IN (${types}) AND CloseTime >= '${since.toISOString()}'`;
}

async function endedRuns(temporal: TerminatedRunsDeps['temporal'], since: Date): Promise<{ runs: EndedRun[]; latestClose: number | null }> {
  const runs: EndedRun[] = [];
  let latestClose: number | null = null;
  for await (const execution of temporal.workflow.list({ query: endedRunsQuery(since) })) {
    const closedAt = (execution.closeTime ?? since).getTime();
    latestClose = Math.max(latestClose ?? closedAt, closedAt);
    // A change's enterprise part is a child: its parent hears of its end and closes the row itself.
    if (!execution.workflowId.startsWith(WORKFLOW_ID_PREFIX)) continue;
    if (execution.status.name !== 'TERMINATED' && execution.status.name !== 'TIMED_OUT') continue;
    runs.push({ workflowId: execution.workflowId, runId: execution.runId, status: execution.status.name, closedAt });
  }
  return { runs, latestClose };
}

/** The process a run drove, by its memo (a reset run keeps its process's memo). */
async function processOfRun(temporal: TerminatedRunsDeps['temporal'], run: EndedRun): Promise<string | undefined> {
  const described = await temporal.workflow.getHandle(run.workflowId, run.runId).describe();
  const memo = await described.memo;
  return typeof memo?.processId === 'string' ? memo.processId : undefined;
}

/** The open row this run drove: the one it opened, or (a reset run) the one its memo names. */
async function rowOfRun(temporal: TerminatedRunsDeps['temporal'], run: EndedRun, rows: readonly OpenRow[]): Promise<OpenRow | undefined> {
  const ofAccount = rows.filter((row) => WORKFLOW_ID_PREFIX + row.accountId === run.workflowId);
  const opened = ofAccount.find((row) => row.runId === run.runId);
  if (opened || ofAccount.length === 0) return opened;
  const processId = await processOfRun(temporal, run);
  return ofAccount.find((row) => row.id === processId);
}

/**
 * What came after this run under its workflow id: nothing (it is the
 * process's last run, or the account moved on to its next process), a run a
 * reset started that still drives the process, or one that ended too, whose
 * own listing (and its own settling) decides the row.
 */
type Successor = { kind: 'none' } | { kind: 'running'; runId: string } | { kind: 'ended' };

async function successorOf(temporal: TerminatedRunsDeps['temporal'], run: EndedRun, processId: string): Promise<Successor> {
  const latest = await temporal.workflow.getHandle(run.workflowId).describe();
  if (latest.runId === run.runId) return { kind: 'none' };
  const memo = await latest.memo;
  if (memo?.processId !== processId) return { kind: 'none' };
  return latest.status.name === 'RUNNING' ? { kind: 'running', runId: latest.runId } : { kind: 'ended' };
}

/**
 * One pass over the runs that ended from outside with a close time from
 * `since` on: every row a settled run left open is closed, or moved to the run
 * a reset started. A run not yet settled (the sweep's clock decides: a reset
 * may still follow) is left for a later pass. A run that fails is counted and
 * skipped, so one bad row holds back no other; `retryFrom` and
 * `unsettledFrom` say where the next window must begin at the latest.
 */
export async function closeProcessesOfTerminatedRuns(
  deps: TerminatedRunsDeps,
  since: Date,
  settled: (run: EndedRun) => boolean = () => true,
): Promise<TerminatedRunsPass> {
  const { runs: listed, latestClose } = await endedRuns(deps.temporal, since);
  const runs: EndedRun[] = [];
  const left: EndedRun[] = [];
  for (const run of listed) (settled(run) ? runs : left).push(run);
  const pass: TerminatedRunsPass = {
    listed: listed.length,
    closed: 0,
    continued: 0,
    failed: 0,
    retryFrom: null,
    unsettled: left.length,
    unsettledFrom: left.reduce<number | null>((earliest, run) => Math.min(earliest ?? run.closedAt, run.closedAt), null),
    latestClose,
  };
  if (runs.length === 0) return pass;
  const accountIds = [...new Set(runs.map((run) => run.workflowId.slice(WORKFLOW_ID_PREFIX.length)))];
  const { rows } = await sqlPool(deps.db).query<OpenRow>(OPEN_ROWS, [accountIds]);
  for (const run of runs) {
    try {
      const row = await rowOfRun(deps.temporal, run, rows);
      if (!row) continue;
      const successor = await successorOf(deps.temporal, run, row.id);
      // A reset's run that was terminated in turn gets its own settling: an operator may reset it as well.
      if (successor.kind === 'ended') continue;
      if (successor.kind === 'running') {
        // Listed again while the reset's run drives the row: nothing to move.
        if (row.runId === successor.runId) continue;
        await sqlPool(deps.db).query(MOVE_TO_RUN, [row.id, row.runId, successor.runId]);
        row.runId = successor.runId;
        pass.continued++;
        continue;
      }
      const failure = { failure: run.status === 'TERMINATED' ? 'WorkflowTerminated' : 'WorkflowTimedOut' };
      const { result } = await deps.close({ processId: row.id, at: run.closedAt, failure, reason: 'terminated' });
      if (result === 'closed') pass.closed++;
    } catch {
      pass.failed++;
      pass.retryFrom = Math.min(pass.retryFrom ?? run.closedAt, run.closedAt);
    }
  }
  return pass;
}
