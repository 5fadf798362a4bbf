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

    async recordStep(input: RecordStepInput): Promise<void> {
      const at = new Date(input.at);
      const done = input.status !== 'open';
      await db.$transaction([
        db.processStep.upsert({
          where: { processId_seq: { processId: input.processId, seq: input.seq } },
          update: {},
          create: {
            processId: input.processId,
            seq: input.seq,
            step: input.step,
            at,
            ...(input.detail ? { detail: input.detail as Json } : {}),
          },
        }),
        // Steps arrive in order (the workflow awaits each), so the latest write wins.
        db.process.update({
          where: { id: input.processId },
          data: {
            status: input.status,
            step: input.step,
            failureReason: input.failureReason,
            action: input.action === null ? Prisma.DbNull : (input.action as Json),
            completedAt: done ? at : null,
            ...(input.method ? { method: input.method } : {}),
          },
        }),
      ]);
    },
  };
}
