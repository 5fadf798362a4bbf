import type { Database } from '../prisma/client';
import { sqlPool } from '../prisma/client';
import { QUEUE_CLOSING_EVENT } from './platform-events';
import type { NotifyOutcomeInput } from './types';

/** What failed a process's workflow: failure names and types only, never a message (it may quote personal data). */
export interface WorkflowFailureSummary {
  /** The failure's class: ActivityFailure, ChildWorkflowFailure, ApplicationFailure, TimeoutFailure, … */
  failure: string;
  /** The activity that failed, for an ActivityFailure. */
  activityType?: string;
  /** The child workflow that failed, for a ChildWorkflowFailure. */
  childWorkflowType?: string;
  /** The first ApplicationFailure type in the failure's chain (InvalidActivityInput, RecordMissing, …). */
  failureType?: string;
}

export interface CloseProcessEndedInErrorInput {
  processId: string;
  /** Workflow time of the failure: the step's and the row's completion time. */
  at: number;
  failure: WorkflowFailureSummary;
  /**
   * internal_error (the default: processes that failed before there was another), cancelled (from outside, R-G7) or
   * terminated (its workflow was terminated or timed out from outside, activities/terminated-runs.ts).
   */
  reason?: 'internal_error' | 'cancelled' | 'terminated';
}

export interface ClosedProcess {
  /** closed: this call (or an earlier attempt of it) closed the row; outcome: the row had reached one already; missing: no row (the process never opened). */
  result: 'closed' | 'outcome' | 'missing';
}

export interface ProcessEndActivities {
  closeProcessEndedInError(input: CloseProcessEndedInErrorInput): Promise<ClosedProcess>;
}

/** R-G7: the reason a process that its workflow could not drive to an outcome is closed with. */
export const INTERNAL_ERROR = 'internal_error';
const CLOSING_STEP = 'failed';

const LOCK_PROCESS = 'SELECT account_id, status, failure_reason FROM processes WHERE id = $1 FOR UPDATE';
const NEXT_SEQ = 'SELECT COALESCE(MAX(seq) + 1, 0) AS seq FROM process_steps WHERE process_id = $1';
const INSERT_STEP = 'INSERT INTO process_steps (process_id, seq, step, detail, at) VALUES ($1, $2, $3, $4::jsonb, $5)';
const CLOSE_PROCESS = `
  UPDATE processes
     SET status = 'failed', step = $2, failure_reason = $3, action = NULL, completed_at = $4, updated_at = now()
   WHERE id = $1 AND status = 'open'`;
// A change's history row (R-C9) opens with its process and must not stay open after it.
const CLOSE_HISTORY = `UPDATE subject_history SET outcome = 'failed', ended_at = $2 WHERE process_id = $1 AND outcome = 'open'`;
// R-E6.3: the process's review child ends with it (terminated, its parent having failed): its task leaves the operators' queue.
const WITHDRAW_REVIEWS = `
  WITH withdrawn AS (
    UPDATE reviews SET status = 'withdrawn', claimed_by = NULL, claim_expires_at = NULL
     WHERE process_id = $1 AND status = 'pending'
     RETURNING id)
  INSERT INTO review_audit (id, review_id, actor, action, reason, at)
  SELECT id || ':withdrawn', id, 'system', 'withdrawn', 'the process ended', $2 FROM withdrawn
  ON CONFLICT (id) DO NOTHING`;
// R-C3, R-G5: the account write and its history row are one transaction; once it committed, the process reached that outcome.
const WRITTEN_OUTCOME = `SELECT outcome FROM subject_history WHERE process_id = $1 AND outcome IN ('verified', 'changed')`;
const CLOSE_AS_WRITTEN = `
  UPDATE processes
     SET status = $2, step = $2, failure_reason = NULL, action = NULL, completed_at = $3, updated_at = now()
   WHERE id = $1 AND status = 'open'`;

/**
 * R-G7: a process whose workflow failed (an activity gave up, see
 * worker/activity-failures.ts) must not look open: workflows/process-ended-in-error.ts
 * runs this once the workflow function has thrown. Under the row's lock, an
 * open row gets a closing step at the next free seq and becomes `failed` with
 * `internal_error`; a row that already reached an outcome is left as it is.
 * Its pending reviews are withdrawn with it: a failed parent terminates its
 * review child, which can no longer close its own task.
 * The holder is then told through the notice outbox, keyed like every outcome
 * notice (process and outcome), so a retried attempt queues nothing twice.
 * Rare (only failed workflows), so a plain transaction rather than one statement.
 */
export function createProcessEndActivities(db: Database, notifyOutcome: (input: NotifyOutcomeInput) => Promise<void>): ProcessEndActivities {
  return {
    async closeProcessEndedInError({ processId, at, failure, reason = INTERNAL_ERROR }) {
      const client = await sqlPool(db).connect();
      let accountId: string;
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ account_id: string; status: string; failure_reason: string | null }>(LOCK_PROCESS, [processId]);
        const row = rows[0];
        if (!row) {
          await client.query('COMMIT');
          return { result: 'missing' };
        }
        // An earlier attempt closed it, and may have stopped before the notice: queue it (again).
        const closedBefore = row.status === 'failed' && row.failure_reason === reason;
        if (row.status !== 'open' && !closedBefore) {
          await client.query('COMMIT');
          return { result: 'outcome' };
        }
        const { rows: written } = await client.query<{ outcome: 'verified' | 'changed' }>(WRITTEN_OUTCOME, [processId]);
        const outcome = written[0]?.outcome;
        if (row.status === 'open' && outcome) {
          // The account was written before the workflow failed: the process ended as that, whatever came after.
          const completedAt = new Date(at);
          const { rows: next } = await client.query<{ seq: number }>(NEXT_SEQ, [processId]);
          await client.query(INSERT_STEP, [processId, next[0]!.seq, outcome, JSON.stringify({ closedAfter: failure }), completedAt]);
          await client.query(CLOSE_AS_WRITTEN, [processId, outcome, completedAt]);
          await client.query(WITHDRAW_REVIEWS, [processId, completedAt]);
          // Issue 19: the platform hears of this outcome as of any other.
          await client.query(QUEUE_CLOSING_EVENT, [processId, next[0]!.seq, completedAt]);
          await client.query('COMMIT');
          await notifyOutcome({ processId, accountId: row.account_id, outcome: 'verified' });
          return { result: 'closed' };
        }
        if (row.status === 'open') {
          const completedAt = new Date(at);
          const { rows: next } = await client.query<{ seq: number }>(NEXT_SEQ, [processId]);
          await client.query(INSERT_STEP, [processId, next[0]!.seq, CLOSING_STEP, JSON.stringify({ reason, ...failure }), completedAt]);
          await client.query(CLOSE_PROCESS, [processId, CLOSING_STEP, reason, completedAt]);
          await client.query(QUEUE_CLOSING_EVENT, [processId, next[0]!.seq, completedAt]);
          await client.query(CLOSE_HISTORY, [processId, completedAt]);
          await client.query(WITHDRAW_REVIEWS, [processId, completedAt]);
        }
        await client.query('COMMIT');
        accountId = row.account_id;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      // R-G5: the outcome reaches the holder like any other failure; a channel that is down is retried apart (R-G7).
      await notifyOutcome({ processId, accountId, outcome: 'failed', reason });
      return { result: 'closed' };
    },
  };
}
