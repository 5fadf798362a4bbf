import { Context } from '@temporalio/activity';
import { Prisma } from '../generated/prisma/client';
import type { Database } from '../prisma/client';
import type { OpenProcessInput, RecordStepInput } from './types';

type Json = Prisma.InputJsonValue;

/**
 * The process row a workflow opens, once: a retried activity finds it. The
 * row remembers the workflow run, which the API signals and updates.
 */
export function processRowUpsert(input: OpenProcessInput) {
  const { workflowId, runId } = Context.current().info.workflowExecution!;
  return {
    where: { id: input.processId },
    update: {},
    create: {
      id: input.processId,
      accountId: input.accountId,
      workflowId,
      runId,
      kind: input.kind,
      method: input.method,
      status: 'open',
      step: 'starting',
      deadlines: input.deadlines as Json,
      createdAt: new Date(input.at),
    },
  };
}

/** Read models the API answers from: the process row and its step history. */
export function createProcessActivities(db: Database) {
  return {
    async openProcess(input: OpenProcessInput): Promise<{ eligible: boolean }> {
      const account = await db.account.findUnique({ where: { id: input.accountId }, select: { status: true } });
      await db.process.upsert(processRowUpsert(input));
      return { eligible: account?.status === 'unverified' };
    },

    /**
     * The step and the process row it moves, in one statement: atomic without
     * a transaction's extra round trips, as this runs at every step of every
     * process (BENCHMARKS.md). A retry finds its step and writes the row again;
     * steps arrive in order (the workflow awaits each), so the latest write wins.
     */
    async recordStep(input: RecordStepInput): Promise<void> {
      const at = new Date(input.at);
      const detail = input.detail ? JSON.stringify(input.detail) : null;
      const action = input.action === null ? null : JSON.stringify(input.action);
      await db.$executeRaw`
        WITH step AS (
          INSERT INTO process_steps (process_id, seq, step, detail, at)
          VALUES (${input.processId}, ${input.seq}, ${input.step}, ${detail}::jsonb, ${at})
          ON CONFLICT (process_id, seq) DO NOTHING
        )
        UPDATE processes
           SET status = ${input.status}, step = ${input.step}, failure_reason = ${input.failureReason},
               action = ${action}::jsonb, completed_at = ${input.status !== 'open' ? at : null}::timestamptz,
               method = COALESCE(${input.method ?? null}, method), updated_at = now()
         WHERE id = ${input.processId}`;
    },
  };
}
