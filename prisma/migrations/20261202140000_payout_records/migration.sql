-- R-E6.6: a remittance payout went to the company's bank account; it is not
-- credited to the account's balance. The payout credits booked before are
-- reversed, not deleted (the ledger is only ever added to): each gets an entry
-- of the negated amount, so every account's ledger sums to its recharges.
INSERT INTO "ledger_entries" ("id", "account_id", "amount_fen", "kind", "transaction_id", "process_id")
SELECT 'reversal:' || "id", "account_id", -"amount_fen", 'remittance_payout_reversal', 'reversal:' || "transaction_id", "process_id"
  FROM "ledger_entries"
 WHERE "kind" = 'remittance_payout'
ON CONFLICT DO NOTHING;

-- R-E6.4: when a payout was flagged overdue (the bank reported no delivery
-- within its business days) and operators were alerted.
ALTER TABLE "payouts" ADD COLUMN "overdue_at" TIMESTAMPTZ(3);

-- R-E6.4: a payout is 1..99 fen, an integer.
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_amount_fen_check" CHECK ("amount_fen" BETWEEN 1 AND 99);

-- The sandbox payment gateway's own books of refunds, once per transaction id.
CREATE TABLE "sandbox_gateway_refunds" (
    "transaction_id" TEXT NOT NULL,
    "refund_id" TEXT NOT NULL,
    "amount_fen" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_gateway_refunds_pkey" PRIMARY KEY ("transaction_id")
);

-- R-E6.4: what /metrics counts (realname_payouts_overdue): flagged, still unreported.
CREATE INDEX "payouts_overdue_undelivered_idx" ON "payouts" ("process_id") WHERE "overdue_at" IS NOT NULL AND "delivered_at" IS NULL;
