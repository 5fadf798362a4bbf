import { sqlPool, type Database } from '../../prisma/client';
import type { UnheardPaymentsInput } from './types';

// Received in the window and routed to the process's workflow, but settled by
// nothing: no credit, no refund. The heard ones the workflow judged already.
const UNHEARD = `
  SELECT pay.transaction_id AS "transactionId"
    FROM payments pay
   WHERE pay.process_id = $1 AND pay.routed_to = 'workflow' AND pay.received_at < $2 AND pay.settled_at IS NULL
     AND pay.transaction_id <> ALL($3::text[])
     AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.transaction_id = pay.transaction_id)
     AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.transaction_id = pay.transaction_id)
   ORDER BY pay.received_at`;

/**
 * R-E5: a payment the API received before the recharge deadline whose
 * delivery to the workflow failed (Temporal unreachable: the webhook answered
 * 5xx) reaches it only with the gateway's retry. At the deadline the recharge
 * asks for such payments and waits for them, so one received in time is judged,
 * not refunded as late. The payer name is not kept (README, Refunds), so the
 * retry, not this read, brings the payment itself.
 */
export async function unheardPayments(db: Database, { processId, receivedBefore, heard }: UnheardPaymentsInput): Promise<{ transactionIds: string[] }> {
  const { rows } = await sqlPool(db).query<{ transactionId: string }>(UNHEARD, [processId, new Date(receivedBefore), heard]);
  return { transactionIds: rows.map((row) => row.transactionId) };
}
