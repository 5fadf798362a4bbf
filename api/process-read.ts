import type { Process, ProcessStep } from '../generated/prisma/client';
import { sqlPool, type Database } from '../prisma/client';
import { EMBEDDED_STEPS } from './pagination';

interface Row {
  id: string;
  account_id: string;
  workflow_id: string;
  run_id: string;
  part_workflow_id: string | null;
  part_run_id: string | null;
  kind: string;
  method: string | null;
  status: string;
  step: string;
  failure_reason: string | null;
  deadlines: unknown;
  action: unknown;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  steps: Array<{ process_id: string; seq: number; step: string; at: string; detail: unknown }>;
}

// One step more than embedded is read, to know whether older ones were left out.
export const PROCESS_WITH_STEPS = `
  SELECT p.*, COALESCE((SELECT json_agg(s ORDER BY s.seq) FROM (
      SELECT * FROM process_steps WHERE process_id = p.id ORDER BY seq DESC LIMIT ${EMBEDDED_STEPS + 1}) s), '[]'::json) AS steps
    FROM processes p WHERE p.id = $1`;

/**
 * A process and its latest EMBEDDED_STEPS steps in one round trip, on the pool
 * under Prisma: this is the read clients poll, and Prisma's include costs a
 * second query while its query interpreter, even for a raw query, cost half the
 * route's throughput (BENCHMARKS.md). Errors are pg's own, which api/unavailable.ts maps to 503.
 */
export async function readProcessWithSteps(
  db: Database,
  processId: string,
): Promise<(Process & { steps: ProcessStep[]; stepsTruncated: boolean }) | null> {
  const { rows } = await sqlPool(db).query<Row>(PROCESS_WITH_STEPS, [processId]);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    accountId: row.account_id,
    workflowId: row.workflow_id,
    runId: row.run_id,
    partWorkflowId: row.part_workflow_id,
    partRunId: row.part_run_id,
    kind: row.kind,
    method: row.method,
    status: row.status,
    step: row.step,
    failureReason: row.failure_reason,
    deadlines: row.deadlines as Process['deadlines'],
    action: row.action as Process['action'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    stepsTruncated: row.steps.length > EMBEDDED_STEPS,
    steps: row.steps.slice(-EMBEDDED_STEPS).map((s) => ({ processId: s.process_id, seq: s.seq, step: s.step, at: new Date(s.at), detail: s.detail as ProcessStep['detail'] })),
  };
}
