import type { Process, ProcessStep } from '../generated/prisma/client';
import type { Database } from '../prisma/client';

interface Row {
  id: string;
  account_id: string;
  workflow_id: string;
  run_id: string;
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

/**
 * A process and its steps in one round trip: Prisma's `include` costs a second
 * query, and GET /v1/processes/{id} is the read clients poll (BENCHMARKS.md).
 */
export async function readProcessWithSteps(db: Database, processId: string): Promise<(Process & { steps: ProcessStep[] }) | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT p.*, COALESCE((SELECT json_agg(s ORDER BY s.seq) FROM process_steps s WHERE s.process_id = p.id), '[]'::json) AS steps
      FROM processes p WHERE p.id = ${processId}`;
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    accountId: row.account_id,
    workflowId: row.workflow_id,
    runId: row.run_id,
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
    steps: row.steps.map((s) => ({ processId: s.process_id, seq: s.seq, step: s.step, at: new Date(s.at), detail: s.detail as ProcessStep['detail'] })),
  };
}
