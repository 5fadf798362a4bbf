import { Client } from 'pg';

// Issue 16 (R-E5, R-E6.6): after the whole test run, every account's ledger and
// every refund summed against the sandbox gateway's and the sandbox bank's own
// records, over the whole database (tests/support/global-teardown.ts). Tests
// that write money rows through fakes (no sandbox record behind them) delete
// their rows when they end, as tests/refund-delivery.test.ts and
// tests/payout-activities.test.ts do; anything they leave is checked like the rest.

export interface Books {
  /** What the gateway reported paid in (ours, recorded before anything is done about it). */
  payments: Array<{ transactionId: string; processId: string | null; amountFen: number }>;
  ledger: Array<{ transactionId: string; accountId: string; processId: string; kind: string; amountFen: number }>;
  refunds: Array<{ transactionId: string; amountFen: number; refundedAt: Date | null }>;
  /** The sandbox gateway's books: what it returned to payers. */
  gatewayRefunds: Array<{ transactionId: string; amountFen: number }>;
  /** `refused`: the bank refused the account (R-E6.4), so nothing may have been transferred. */
  payouts: Array<{ idempotencyKey: string; bankReference: string | null; amountFen: number; refused: boolean }>;
  /** The sandbox bank's books: what it was asked to transfer. */
  transfers: Array<{ idempotencyKey: string; amountFen: number }>;
}

export interface LedgerCheck {
  imbalances: string[];
  /** Payments neither credited nor refunded yet (a process still judging them, or the sweep not yet run when the run ended). */
  undecided: number;
  totals: { paidInFen: number; creditedFen: number; refundDecidedFen: number; refundedFen: number; gatewayRefundedFen: number; payoutsFen: number; transfersFen: number };
}

const sum = (rows: Array<{ amountFen: number }>) => rows.reduce((total, row) => total + row.amountFen, 0);
const PAYOUT_KINDS = ['remittance_payout', 'remittance_payout_reversal'];

/**
 * What does not balance, each as a sentence naming the transaction, key or
 * account (ids only, no personal data). Empty when the books balance.
 */
export function checkLedger(books: Books): LedgerCheck {
  const imbalances: string[] = [];
  const all = [...books.payments, ...books.ledger, ...books.refunds, ...books.gatewayRefunds, ...books.payouts, ...books.transfers];
  for (const row of all) {
    const { amountFen } = row;
    const signed = 'kind' in row && row.kind === 'remittance_payout_reversal';
    if (!Number.isSafeInteger(amountFen) || (signed ? amountFen >= 0 : amountFen <= 0)) imbalances.push(`an amount is not a positive integer of fen: ${JSON.stringify(row)}`);
  }
  const payments = new Map(books.payments.map((p) => [p.transactionId, p]));
  const refunds = new Map(books.refunds.map((r) => [r.transactionId, r]));
  const gateway = new Map(books.gatewayRefunds.map((r) => [r.transactionId, r]));
  const credits = books.ledger.filter((entry) => !PAYOUT_KINDS.includes(entry.kind));

  for (const entry of books.ledger) {
    if (entry.kind !== 'recharge_verification' && !PAYOUT_KINDS.includes(entry.kind)) imbalances.push(`ledger entry ${entry.transactionId} has the unknown kind ${entry.kind}`);
  }
  // Every credit is a payment the gateway reported, for its whole amount, of the process it completed.
  for (const credit of credits) {
    const payment = payments.get(credit.transactionId);
    if (!payment) imbalances.push(`credit ${credit.transactionId} (account ${credit.accountId}) has no payment behind it`);
    else if (payment.amountFen !== credit.amountFen) imbalances.push(`credit ${credit.transactionId} is ${credit.amountFen} fen, its payment ${payment.amountFen}`);
    else if (payment.processId !== credit.processId) imbalances.push(`credit ${credit.transactionId} is booked to process ${credit.processId}, its payment quoted ${payment.processId}`);
    if (refunds.has(credit.transactionId)) imbalances.push(`payment ${credit.transactionId} is both credited and refunded`);
  }
  // Every refund returns a payment's whole amount; once we hold it refunded, the gateway's books hold it too, for the same amount.
  for (const refund of books.refunds) {
    const payment = payments.get(refund.transactionId);
    if (!payment) imbalances.push(`refund ${refund.transactionId} has no payment behind it`);
    else if (payment.amountFen !== refund.amountFen) imbalances.push(`refund ${refund.transactionId} is ${refund.amountFen} fen, its payment ${payment.amountFen}`);
    const returned = gateway.get(refund.transactionId);
    if (refund.refundedAt !== null && !returned) imbalances.push(`refund ${refund.transactionId} is marked refunded but the gateway returned nothing`);
    if (returned && returned.amountFen !== refund.amountFen) imbalances.push(`the gateway returned ${returned.amountFen} fen for ${refund.transactionId}, we decided ${refund.amountFen}`);
  }
  // The gateway returns nothing we did not decide.
  for (const returned of books.gatewayRefunds) {
    if (!refunds.has(returned.transactionId)) imbalances.push(`the gateway returned ${returned.amountFen} fen for ${returned.transactionId}, which no refund decided`);
  }
  // R-E6.6: a payout is the bank's transfer and no account's balance (credits booked before were reversed).
  const payoutBalance = new Map<string, number>();
  for (const entry of books.ledger.filter((e) => PAYOUT_KINDS.includes(e.kind))) payoutBalance.set(entry.accountId, (payoutBalance.get(entry.accountId) ?? 0) + entry.amountFen);
  for (const [accountId, fen] of payoutBalance) if (fen !== 0) imbalances.push(`account ${accountId} holds ${fen} fen of payouts in its balance`);
  const transfers = new Map(books.transfers.map((t) => [t.idempotencyKey, t]));
  const payouts = new Map(books.payouts.map((p) => [p.idempotencyKey, p]));
  for (const payout of books.payouts) {
    const transfer = transfers.get(payout.idempotencyKey);
    if (payout.bankReference !== null && !transfer) imbalances.push(`payout ${payout.idempotencyKey} has a bank reference but the bank transferred nothing`);
    if (payout.refused && (transfer || payout.bankReference !== null)) imbalances.push(`payout ${payout.idempotencyKey} was refused by the bank but has a transfer or a bank reference`);
    if (transfer && transfer.amountFen !== payout.amountFen) imbalances.push(`the bank transferred ${transfer.amountFen} fen for payout ${payout.idempotencyKey}, we drew ${payout.amountFen}`);
  }
  for (const transfer of books.transfers) {
    if (!payouts.has(transfer.idempotencyKey)) imbalances.push(`the bank transferred ${transfer.amountFen} fen under ${transfer.idempotencyKey}, which no payout drew`);
  }

  const decided = new Set([...credits.map((c) => c.transactionId), ...refunds.keys()]);
  const undecided = books.payments.filter((p) => !decided.has(p.transactionId));
  // The sum: every fen paid in is credited, refunded (decided) or still awaiting its decision.
  const paidInFen = sum(books.payments);
  const creditedFen = sum(credits);
  const refundDecidedFen = sum(books.refunds);
  if (paidInFen !== creditedFen + refundDecidedFen + sum(undecided)) {
    imbalances.push(`paid in ${paidInFen} fen, credited ${creditedFen}, refunds decided ${refundDecidedFen}, undecided ${sum(undecided)}: they do not add up`);
  }
  return {
    imbalances,
    undecided: undecided.length,
    totals: {
      paidInFen,
      creditedFen,
      refundDecidedFen,
      refundedFen: sum(books.refunds.filter((r) => r.refundedAt !== null)),
      gatewayRefundedFen: sum(books.gatewayRefunds),
      payoutsFen: sum(books.payouts.filter((p) => !p.refused)),
      transfersFen: sum(books.transfers),
    },
  };
}

/** The whole database's books, in one connection. */
export async function readBooks(databaseUrl: string): Promise<Books> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = async <T>(sql: string) => (await client.query(sql)).rows as T[];
    return {
      payments: await rows('SELECT transaction_id AS "transactionId", process_id AS "processId", amount_fen AS "amountFen" FROM payments'),
      ledger: await rows('SELECT transaction_id AS "transactionId", account_id AS "accountId", process_id AS "processId", kind, amount_fen AS "amountFen" FROM ledger_entries'),
      refunds: await rows('SELECT transaction_id AS "transactionId", amount_fen AS "amountFen", refunded_at AS "refundedAt" FROM refunds'),
      gatewayRefunds: await rows('SELECT transaction_id AS "transactionId", amount_fen AS "amountFen" FROM sandbox_gateway_refunds'),
      payouts: await rows('SELECT idempotency_key AS "idempotencyKey", bank_reference AS "bankReference", amount_fen AS "amountFen", refused_at IS NOT NULL AS "refused" FROM payouts'),
      transfers: await rows('SELECT idempotency_key AS "idempotencyKey", amount_fen AS "amountFen" FROM sandbox_bank_transfers'),
    };
  } finally {
    await client.end();
  }
}
