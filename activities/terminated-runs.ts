import type { Client } from '@temporalio/client';
import { sqlPool, type Database } from '../prisma/client';
import type { CloseProcessEndedInErrorInput, ClosedProcess } from './process-ended-in-error';

/**
 * R-G7: a finished process never looks open. A workflow terminated from
 * outside (an operator in the Web UI, `temporal workflow terminate`, a
 * namespace's retention tooling) or timed out by a run timeout ends without
 * running any of our code, so nothing closes its row. This pass finds such
 * runs in Temporal's visibility and closes the rows they left open, as
 * `failed` with reason `terminated`, by the same closing a failed workflow
 * gets (activities/process-ended-in-error.ts): a row whose account was already
 * written closes as that outcome, the holder is told, reviews are withdrawn.
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
  /** Runs of process workflows that ended from outside since `since`. */
  listed: number;
  /** Rows this pass closed. */
  closed: number;
  /** Rows left open because a later run of the same workflow id drives the same process (a reset). */
  continued: number;
}

const OPEN_ROWS = `
  SELECT id, account_id AS "accountId", run_id AS "runId"
    FROM processes
   WHERE account_id = ANY($1::text[]) AND status = 'open'`;

/** The visibility query of this pass: close times compare as RFC 3339 text, which visibility stores in UTC. */
export function endedRunsQuery(since: Date): string {
  const types = PROCESS_WORKFLOW_TYPES.map((type) => `'${type}'`).join(', ');
  return `ExecutionStatus IN ('Terminated', 'TimedOut') AND WorkflowType IN (${types}) AND CloseTime >= '${since.toISOString()}'`;
}

async function endedRunsSince(temporal: TerminatedRunsDeps['temporal'], since: Date): Promise<EndedRun[]> {
  const runs: EndedRun[] = [];
  for await (const execution of temporal.workflow.list({ query: endedRunsQuery(since) })) {
    if (!execution.workflowId.startsWith(WORKFLOW_ID_PREFIX)) continue;
    if (execution.status.name !== 'TERMINATED' && execution.status.name !== 'TIMED_OUT') continue;
    runs.push({ workflowId: execution.workflowId, runId: execution.runId, status: execution.status.name, closedAt: (execution.closeTime ?? new Date()).getTime() });
  }
  return runs;
}

/**
 * Whether a later run of this workflow id still drives the same process (a reset started it, copying the process's
 * memo). A later run with another process id is the account's next process (R-G2): it leaves this row to close.
 */
async function laterRunDrives(temporal: TerminatedRunsDeps['temporal'], run: EndedRun, processId: string): Promise<boolean> {
  const latest = await temporal.workflow.getHandle(run.workflowId).describe();
  if (latest.runId === run.runId || latest.status.name !== 'RUNNING') return false;
  const memo = await latest.memo;
  return memo?.processId === processId;
}

/** One pass: every process row left open by a run that ended from outside since `since` is closed. */
export async function closeProcessesOfTerminatedRuns(deps: TerminatedRunsDeps, since: Date): Promise<TerminatedRunsPass> {
  const runs = await endedRunsSince(deps.temporal, since);
  if (runs.length === 0) return { listed: 0, closed: 0, continued: 0 };
  const accountIds = [...new Set(runs.map((run) => run.workflowId.slice(WORKFLOW_ID_PREFIX.length)))];
  const { rows } = await sqlPool(deps.db).query<{ id: string; accountId: string; runId: string }>(OPEN_ROWS, [accountIds]);
  const pass = { listed: runs.length, closed: 0, continued: 0 };
  for (const run of runs) {
    // The row this very run opened: a later process of the account has a run of its own.
    const row = rows.find((open) => open.runId === run.runId && WORKFLOW_ID_PREFIX + open.accountId === run.workflowId);
    if (!row) continue;
    if (await laterRunDrives(deps.temporal, run, row.id)) {
      pass.continued++;
      continue;
    }
    const failure = { failure: run.status === 'TERMINATED' ? 'WorkflowTerminated' : 'WorkflowTimedOut' };
    const { result } = await deps.close({ processId: row.id, at: run.closedAt, failure, reason: 'terminated' });
    if (result === 'closed') pass.closed++;
  }
  return pass;
}
