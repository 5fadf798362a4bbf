import { COUNT_HOLDERS } from '../activities/identity-slots';
import { CLAIM_DUE_NOTICES, SETTLE_ATTEMPTS } from '../activities/notice-delivery';
import { RECORD_NOTIFICATIONS } from '../activities/notifications';
import { OPEN_PROCESS, RECORD_STEP } from '../activities/process';
import { PAYOUT_REFUSALS_COUNTED, PAYOUTS_OVERDUE } from '../api/metrics';
import { OPEN_PROCESSES_PAST_REACH, pastReachParameters } from '../api/deadlines-past-reach';
import { CLAIM_DUE_REFUNDS, DECIDE_STRAY_REFUND, SETTLE_ENDED_PROCESS_PAYMENTS } from '../activities/enterprise/refunds';
import { PROCESS_WITH_STEPS } from '../read-model/process-read';
import { ACCOUNT_AND_RETRIED_PROCESS } from '../api/routes/verifications';
import { SEEN_EVENT, TICKET_PROCESS } from '../api/routes/webhooks';
import { CLAIM_DELIVERIES, HOLD_LATER, RELEASE_LATER } from '../activities/webhook-delivery';
import { heldPoolConnection } from './support/pool-connection';

/**
 * The queries every process or request runs, as the routes and activities
 * send them (the SQL they send is imported where it is plain SQL, with sample
 * parameters). Each must be servable by an index: on a small test database the
 * planner prefers sequential scans anyway, so they are switched off and a plan
 * that still scans a table means no index serves the query.
 */
const HOT_QUERIES: Record<string, [sql: string, params: unknown[]]> = {
  'GET /v1/processes/{id}: the process and its latest steps': [PROCESS_WITH_STEPS, ['prc_x']],
  'GET /v1/processes/{id}/steps: a page after a cursor': [`SELECT * FROM process_steps WHERE process_id = 'prc_x' AND seq > 50 ORDER BY seq ASC LIMIT 51`, []],
  'GET /v1/accounts/{id}/history: a page after a cursor': [
    `SELECT * FROM processes WHERE account_id = 'acc_x' AND (created_at > $1 OR (created_at = $1 AND id > 'prc_x')) ORDER BY created_at ASC, id ASC LIMIT 51`,
    [new Date()],
  ],
  'starts: the account and the process of a retried start': [ACCOUNT_AND_RETRIED_PROCESS, ['acc_x', 'prc_x']],
  'processes: opening one, with the account status': [OPEN_PROCESS, ['prc_x', 'acc_x', 'wf', 'run', 'individual_verification', 'wechat', 'open', 'starting', '{}', new Date(), 'mainland_id']],
  'processes: a step and the row it moves': [RECORD_STEP, ['prc_x', 1, 'awaiting_scan', null, new Date(), 'open', null, null, null, null]],
  'webhooks: a provider event seen before': [SEEN_EVENT, ['wechat', 'e1']],
  'webhooks: the process of a QR ticket': [TICKET_PROCESS, ['t1']],
  "starts: the account's open process (R-G2)": [`SELECT id FROM processes WHERE account_id = 'acc_x' AND status = 'open' LIMIT 1`, []],
  'completion: holders of an identity (R-P5)': [COUNT_HOLDERS, ['k', 'acc_x']],
  'notices: recording the rows of one outcome': [
    RECORD_NOTIFICATIONS,
    [['prc_x:verified:sms', 'prc_x:verified:message_centre'], ['sms', 'message_centre'], [null, new Date()], 'acc_x', 'prc_x', 'verified', '{}', 40_000],
  ],
  'notices: settling attempts (R-G7)': [SETTLE_ATTEMPTS, [['prc_x:verified:sms'], [1], ['Error: down'], 10, 30, 3600]],
  'notice delivery: claiming due rows (R-G7)': [CLAIM_DUE_NOTICES, [50, 40_000]],
  'payments: the refund of a stray payment (R-E5)': [DECIDE_STRAY_REFUND, ['tx_x', 'process_ended']],
  'refund delivery: payments of ended processes nothing took (R-E5)': [SETTLE_ENDED_PROCESS_PAYMENTS, [50]],
  'refund delivery: claiming due refunds (R-E5)': [CLAIM_DUE_REFUNDS, [50, 40_000]],
  'metrics: payouts overdue of open processes (R-E6.4)': [PAYOUTS_OVERDUE, []],
  'metrics: payouts the bank refused, by refusal (R-E6.4)': [PAYOUT_REFUSALS_COUNTED, []],
  'metrics and operator calendar: open processes with a deadline past the reach (R-G6)': [OPEN_PROCESSES_PAST_REACH, pastReachParameters('2026-12-31')],
  'metrics: notices pending and failed by channel (R-G7)': [
    `SELECT channel, count(*) FROM notifications WHERE sent_at IS NULL AND failed_at IS NOT NULL GROUP BY channel`,
    [],
  ],
  'operators: pending reviews, oldest first': [`SELECT * FROM reviews WHERE status = 'pending' ORDER BY created_at ASC LIMIT 500`, []],
  'bank webhook: the payout of an idempotency key': [`SELECT * FROM payouts WHERE idempotency_key = 'prc_x:payout:1'`, []],
"webhook delivery: claiming due deliveries, a per-process endpoint's held back by its earlier ones (issue 19)": [CLAIM_DELIVERIES, [50, 40_000]],
  'webhook delivery: holding a process\'s later deliveries behind a failed one (issue 19)': [HOLD_LATER, ['whe_x', 'prc_x', 7, new Date()]],
  'webhook delivery: releasing them once it settled (issue 19)': [RELEASE_LATER, ['whe_x', 'prc_x', 7]],
  "an account's history (R-C9)": [`SELECT * FROM subject_history WHERE account_id = 'acc_x' ORDER BY started_at DESC`, []],
};

function scannedTables(plan: Record<string, unknown>): string[] {
  const own = plan['Node Type'] === 'Seq Scan' ? [String(plan['Relation Name'])] : [];
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [...own, ...children.flatMap(scannedTables)];
}

describe('hot queries are served by indexes (PostgreSQL)', () => {
  const { connection } = heldPoolConnection((held) => held.query('SET enable_seqscan = off'));

  it.each(Object.entries(HOT_QUERIES))('%s', async (_, [sql, params]) => {
    // EXPLAIN without ANALYZE plans a write without running it.
    const { rows } = await connection().query<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    expect(scannedTables(rows[0]!['QUERY PLAN'][0].Plan)).toEqual([]);
  });
});
