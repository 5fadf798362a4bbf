// R-G6: open processes with a business-day deadline past the calendar's
// reach. Past coveredThrough only the statutory holidays count (no bridges,
// no worked weekends), so such a deadline can come a day early or late: these
// are the processes an operator rechecks once the next year's schedule is in
// (BUSINESS_CALENDAR_FILE or a newer chinese-days). Exported as the metric
// realname_open_processes_past_calendar_reach and on GET /v1/operator/calendar.
import { endOfChinaDay, type IsoDate } from '../domain';
import { sqlPool, type Database } from '../prisma/client';

/**
 * The business-day deadlines the read model holds: a pending review's SLA
 * (reviews.due_at, R-E6.3, R-C5.4) and final deadline (reviews.expires_at, R-G7), and a remittance's review due, payout
 * overdue point and payout delivery deadline (R-E6.4; epoch ms in the
 * process's action, as its view shows them). A deadline is the first instant
 * past its day (24:00 China time), so one at 24:00 of the last covered day is
 * within the reach: $1 is that instant, as a timestamp, and $2 in epoch ms.
 * GREATEST skips the absent ones.
 */
export const OPEN_PROCESSES_PAST_REACH = `
  SELECT count(*)::int AS n FROM processes p
   WHERE p.status = 'open' AND (
     EXISTS (SELECT 1 FROM reviews r WHERE r.process_id = p.id AND r.status = 'pending' AND GREATEST(r.due_at, r.expires_at) > $1::timestamptz)
     OR GREATEST((p.action->'remittance'->>'reviewDueAt')::bigint, (p.action->'remittance'->>'deliveryDueAt')::bigint,
                 (p.action->'remittance'->>'deliveryDeadline')::bigint) > $2::bigint)`;

/** How many open processes have a business-day deadline after the last day the calendar covers (after 24:00 China time of coveredThrough). */
export async function countOpenProcessesPastReach(db: Database, coveredThrough: IsoDate): Promise<number> {
  const { rows } = await sqlPool(db).query<{ n: number }>(OPEN_PROCESSES_PAST_REACH, pastReachParameters(coveredThrough));
  return rows[0]?.n ?? 0;
}

/** OPEN_PROCESSES_PAST_REACH's parameters: 24:00 China time of the last covered day, as a timestamp and in epoch ms. */
export function pastReachParameters(coveredThrough: IsoDate): [Date, number] {
  const pastReach = endOfChinaDay(coveredThrough);
  return [new Date(pastReach), pastReach];
}
