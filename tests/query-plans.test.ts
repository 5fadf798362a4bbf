import type { PoolClient } from 'pg';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { testConfig } from './support/environment';

/**
 * The queries every process or request runs, as the routes and activities
 * send them. Each must be servable by an index: on a small test database the
 * planner prefers sequential scans anyway, so they are switched off and a plan
 * that still scans a table means no index serves the query.
 */
const HOT_QUERIES: Record<string, string> = {
  'GET /v1/processes/{id}: the process and its steps': `SELECT p.*, COALESCE((SELECT json_agg(s ORDER BY s.seq) FROM process_steps s WHERE s.process_id = p.id), '[]'::json) AS steps FROM processes p WHERE p.id = 'prc_x'`,
  'webhooks: a provider event seen before': `SELECT 1 FROM webhook_events WHERE provider = 'wechat' AND event_id = 'e1'`,
  'webhooks: the process of a QR ticket': `SELECT * FROM qr_tickets t JOIN processes p ON p.id = t.process_id WHERE t.ticket = 't1'`,
  "starts: the account's open process (R-G2)": `SELECT id FROM processes WHERE account_id = 'acc_x' AND status = 'open' LIMIT 1`,
  'completion: holders of an identity (R-P5)': `SELECT count(*) FROM accounts WHERE identity_key = 'k' AND status <> 'unverified' AND id <> 'acc_x'`,
  'notices: the rows of one outcome': `SELECT * FROM notifications WHERE id IN ('prc_x:verified:sms', 'prc_x:verified:email') AND sent_at IS NULL`,
  'operators: pending reviews, oldest first': `SELECT * FROM reviews WHERE status = 'pending' ORDER BY created_at ASC LIMIT 500`,
  'bank webhook: the payout of an idempotency key': `SELECT * FROM payouts WHERE idempotency_key = 'prc_x:payout:1'`,
  "an account's history (R-C9)": `SELECT * FROM subject_history WHERE account_id = 'acc_x' ORDER BY started_at DESC`,
};

function scannedTables(plan: Record<string, unknown>): string[] {
  const own = plan['Node Type'] === 'Seq Scan' ? [String(plan['Relation Name'])] : [];
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [...own, ...children.flatMap(scannedTables)];
}

describe('hot queries are served by indexes (PostgreSQL)', () => {
  let db: Database;
  let client: PoolClient;
  beforeAll(async () => {
    const config = testConfig();
    db = createDatabase(config.databaseUrl!, config.database);
    client = await sqlPool(db).connect();
    await client.query('SET enable_seqscan = off');
  });
  afterAll(async () => {
    client?.release(true);
    await db?.$disconnect();
  });

  it.each(Object.entries(HOT_QUERIES))('%s', async (_, sql) => {
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(`EXPLAIN (FORMAT JSON) ${sql}`);
    expect(scannedTables(rows[0]!['QUERY PLAN'][0].Plan)).toEqual([]);
  });
});
