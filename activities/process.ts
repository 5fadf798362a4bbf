import { Context } from '@temporalio/activity';
import type { Prisma } from '../generated/prisma/client';
import type { Database } from '../prisma/client';
import { sqlPool } from '../prisma/client';
import { prepared } from '../prisma/prepared';
import { QUEUE_PROCESS_STARTED_IN_OPEN_PROCESS } from './platform-events';
import type { OpenProcessInput, RecordStepInput } from './types';

type Json = Prisma.InputJsonValue;

/** The row a workflow opens its process with. It remembers the workflow run, which the API signals and updates. */
function newProcessRow(input: OpenProcessInput) {
  const { workflowId, runId } = Context.current().info.workflowExecution!;
  return {
    id: input.processId,
    accountId: input.accountId,
    workflowId,
    runId,
    kind: input.kind,
    method: input.method,
    documentType: input.documentType ?? null,
    status: 'open',
    step: 'starting',
    deadlines: input.deadlines as Json,
    createdAt: new Date(input.at),
  };
}

/** The process row a workflow opens, once: a retried activity finds it. */
export function processRowUpsert(input: OpenProcessInput) {
  return { where: { id: input.processId }, update: {}, create: newProcessRow(input) };
}

/** The row if it is new, its process.started event, and the account's status, in one statement. */
export const OPEN_PROCESS = `
  WITH opened AS (
    INSERT INTO processes (id, account_id, workflow_id, run_id, kind, method, status, step, deadlines, created_at, updated_at, document_type)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, now(), $11)
    ON CONFLICT (id) DO NOTHING
  ),
  -- Issue 19: process.started, queued with the row it reports (activities/platform-events.ts).
  started AS (${QUEUE_PROCESS_STARTED_IN_OPEN_PROCESS}
  )
  SELECT status FROM accounts WHERE id = $2`;

// R-G7: a row at its outcome (or closed after its workflow failed) is final; a late or stray step neither moves nor extends it.
export const RECORD_STEP = `
  WITH step AS (
    INSERT INTO process_steps (process_id, seq, step, detail, at)
    SELECT $1::text, $2::int, $3::text, $4::jsonb, $5::timestamptz WHERE EXISTS (SELECT 1 FROM processes WHERE id = $1 AND status = 'open')
    ON CONFLICT (process_id, seq) DO NOTHING
  ),
  -- Issue 19: the step's platform event, queued with the step it reports (same id on a retry);
  -- the worker delivers it apart from the process (activities/webhook-delivery.ts).
  event AS (
    INSERT INTO platform_events (id, type, process_id, account_id, seq, step, status, occurred_at)
    SELECT 'evt_' || p.id || '_' || $2::int,
           CASE $6::text WHEN 'verified' THEN 'process.verified' WHEN 'failed' THEN 'process.failed'
             WHEN 'changed' THEN 'change.completed' WHEN 'revoked' THEN 'change.revoked' ELSE 'process.step_changed' END,
           p.id, p.account_id, $2::int, $3::text, $6::text, $5::timestamptz
      FROM processes p WHERE p.id = $1 AND p.status = 'open'
    ON CONFLICT (id) DO NOTHING
  )
  UPDATE processes
     SET status = $6, step = $3, failure_reason = $7, action = $8::jsonb, completed_at = $9::timestamptz,
         method = COALESCE($10::text, method), updated_at = now()
   WHERE id = $1 AND status = 'open'`;

const openProcess = prepared('open-process', OPEN_PROCESS);
const recordStep = prepared('record-step', RECORD_STEP);

/**
 * Read models the API answers from: the process row and its step history.
 * Plain SQL on the pool under Prisma, not Prisma's query interpreter: these
 * run at the start and every step of every process (BENCHMARKS.md).
 */
export function createProcessActivities(db: Database) {
  return {
    async openProcess(input: OpenProcessInput): Promise<{ eligible: boolean }> {
      const row = newProcessRow(input);
      const { rows } = await sqlPool(db).query<{ status: string }>(
        openProcess([
        row.id,
        row.accountId,
        row.workflowId,
        row.runId,
        row.kind,
        row.method,
        row.status,
        row.step,
        JSON.stringify(row.deadlines),
        row.createdAt,
        row.documentType,
      ]),
      );
      return { eligible: rows[0]?.status === 'unverified' };
    },

    /**
     * The step and the process row it moves, in one statement: atomic without
     * a transaction's extra round trips. A retry finds its step and writes the
     * row again; steps arrive in order (the workflow awaits each), so the
     * latest write wins.
     */
    async recordStep(input: RecordStepInput): Promise<void> {
      const at = new Date(input.at);
      await sqlPool(db).query(
        recordStep([
        input.processId,
        input.seq,
        input.step,
        input.detail ? JSON.stringify(input.detail) : null,
        at,
        input.status,
        input.failureReason,
        input.action === null ? null : JSON.stringify(input.action),
        input.status !== 'open' ? at : null,
        input.method ?? null,
      ]),
      );
    },
  };
}
