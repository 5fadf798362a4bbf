import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { requireOperator, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { decodeCursor, DEFAULT_PAGE_SIZE, NextCursor, PageQuery, pageOf } from '../pagination';
import { problemContent } from '../schemas';
import { enterprisePartWorkflowId } from '../../workflows/enterprise/messages';
import { processWorkflowId } from '../../workflows/process-ids';

const ActivityFailureEntry = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    workflowType: z.string(),
    activityType: z.string(),
    activityId: z.string(),
    attempt: z.number().int(),
    failureType: z.string().openapi({ description: 'A type of the failure catalogue (domain/failures.ts), or the error name of a transient failure on its last allowed attempt' }),
    retryable: z.boolean().openapi({ description: 'False: no retry could mend it, so it was attempted once. True: a transient failure that used up the attempts its retry policy allowed' }),
    message: z.string().openapi({ description: "This project's own message (ids only), or the error's name and code; the whole failure is in the workflow's history" }),
    at: z.string(),
    process: z
      .object({ processId: z.string(), status: z.string(), failureReason: z.string().nullable() })
      .nullable()
      .openapi({
        description:
          "The process that workflow run drove, as its read model has it now: `failed` with `internal_error` when the workflow failed and the process was closed for it (R-G7). " +
          'Null when the run opened no process (its first activity gave up) or is not a process workflow',
      }),
  })
  .openapi('ActivityFailure');

const listActivityFailures = createRoute({
  method: 'get',
  path: '/v1/operator/activity-failures',
  tags: ['operators'],
  summary: 'Activities that gave up, newest first (operators)',
  description:
    'An activity gives up on a failure no retry can mend (an impossible state, a missing row, a value it cannot take) or on the last attempt its retry policy allows. ' +
    'Its workflow then fails with that activity failure, and its process is closed as `failed` with reason `internal_error` (R-G7), shown in `process`. A page at a time: `limit` entries (default 50, at most 200), then `cursor=<nextCursor>` until nextCursor is null.',
  security: [{ bearer: [] }],
  request: { query: PageQuery },
  responses: {
    200: { description: 'A page of give-ups', content: { 'application/json': { schema: z.object({ failures: z.array(ActivityFailureEntry), nextCursor: NextCursor }) } } },
    400: { description: 'Invalid limit or cursor', content: problemContent },
    401: { description: 'No valid token', content: problemContent },
    403: { description: 'Operators only', content: problemContent },
  },
});

// Where a page ended: its last give-up, by time then id (newest first).
const FailurePosition = z.object({ at: z.number().int().nonnegative().max(8.64e15), id: z.string().min(1).max(80) });

const runKey = (run: { workflowId: string; runId: string }) => `${run.workflowId}\u0000${run.runId}`;
const PROCESS_WORKFLOW_PREFIX = processWorkflowId('');

const PART_WORKFLOW_PREFIX = enterprisePartWorkflowId('');

/**
 * The processes the listed runs drove, by run: one query on the account index
 * (a process workflow's id is its account's, workflows/process-ids.ts), and
 * one by id for a change's enterprise part (its workflow id names its process).
 */
async function processesOf(db: ApiDeps['db'], runs: Array<{ workflowId: string; runId: string }>) {
  const accountIds = [...new Set(runs.filter((run) => run.workflowId.startsWith(PROCESS_WORKFLOW_PREFIX)).map((run) => run.workflowId.slice(PROCESS_WORKFLOW_PREFIX.length)))];
  const partProcessIds = [...new Set(runs.filter((run) => run.workflowId.startsWith(PART_WORKFLOW_PREFIX)).map((run) => run.workflowId.slice(PART_WORKFLOW_PREFIX.length)))];
  const byRun = new Map<string, { processId: string; status: string; failureReason: string | null }>();
  const select = { id: true, workflowId: true, runId: true, partWorkflowId: true, partRunId: true, status: true, failureReason: true } as const;
  const runIds = [...new Set(runs.map((run) => run.runId))];
  const [own, parts] = await Promise.all([
    accountIds.length === 0 ? [] : db.process.findMany({ where: { accountId: { in: accountIds }, runId: { in: runIds } }, select }),
    partProcessIds.length === 0 ? [] : db.process.findMany({ where: { id: { in: partProcessIds } }, select }),
  ]);
  for (const row of own) byRun.set(runKey(row), { processId: row.id, status: row.status, failureReason: row.failureReason });
  for (const row of parts) {
    if (row.partWorkflowId && row.partRunId) byRun.set(runKey({ workflowId: row.partWorkflowId, runId: row.partRunId }), { processId: row.id, status: row.status, failureReason: row.failureReason });
  }
  return byRun;
}

/** What operators look at across processes: the activities that gave up (worker/activity-failures.ts). */
export function registerOperatorRoutes(app: OpenAPIHono<AuthEnv>, { db }: ApiDeps): void {
  app.openapi(listActivityFailures, async (c) => {
    requireOperator(c.get('principal'));
    const { limit = DEFAULT_PAGE_SIZE, cursor } = c.req.valid('query');
    const after = decodeCursor(cursor, FailurePosition);
    const page = pageOf(
      await db.activityFailure.findMany({
        where: after ? { OR: [{ at: { lt: new Date(after.at) } }, { at: new Date(after.at), id: { lt: after.id } }] } : {},
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: limit + 1,
      }),
      limit,
      (last) => ({ at: last.at.getTime(), id: last.id }),
    );
    const processes = await processesOf(db, page.items);
    const failures = page.items.map((row) => ({
      workflowId: row.workflowId,
      runId: row.runId,
      workflowType: row.workflowType,
      activityType: row.activityType,
      activityId: row.activityId,
      attempt: row.attempt,
      failureType: row.failureType,
      retryable: row.retryable,
      message: row.message,
      at: row.at.toISOString(),
      process: processes.get(runKey(row)) ?? null,
    }));
    return c.json({ failures, nextCursor: page.nextCursor }, 200);
  });
}
