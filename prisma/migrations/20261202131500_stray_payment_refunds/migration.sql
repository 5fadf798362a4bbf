-- R-E5: every payment that does not complete a verification is refunded to
-- its payer, once per gateway transaction id, whatever its process's state.
-- The API records each arrival; a refund is an outbox row the worker delivers
-- apart from the process until the gateway confirms it.
CREATE TABLE "payments" (
    "transaction_id" TEXT NOT NULL,
    "event_id" TEXT,
    "process_id" TEXT NOT NULL,
    "amount_fen" INTEGER NOT NULL,
    "routed_to" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "payments_pkey" PRIMARY KEY ("transaction_id"),
    CONSTRAINT "payments_amount_fen_check" CHECK ("amount_fen" > 0)
);

-- CreateIndex
CREATE INDEX "payments_process_id_received_at_idx" ON "payments"("process_id", "received_at");

-- CreateIndex
CREATE INDEX "payments_settled_at_received_at_idx" ON "payments"("settled_at", "received_at");

-- The refunds written before were made before their row: the gateway was
-- asked first, so each is refunded as of its row and needs no attempt.
ALTER TABLE "refunds" ADD COLUMN "reason" TEXT NOT NULL DEFAULT 'payment_mismatch';
ALTER TABLE "refunds" ADD COLUMN "refunded_at" TIMESTAMPTZ(3);
ALTER TABLE "refunds" ADD COLUMN "gateway_refund_id" TEXT;
ALTER TABLE "refunds" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "refunds" ADD COLUMN "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "refunds" ADD COLUMN "last_error" TEXT;
UPDATE "refunds" SET "refunded_at" = "created_at", "attempts" = 1 WHERE "refunded_at" IS NULL;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_amount_fen_check" CHECK ("amount_fen" > 0);

-- CreateIndex
CREATE INDEX "refunds_refunded_at_next_attempt_at_idx" ON "refunds"("refunded_at", "next_attempt_at");

-- CreateIndex
CREATE INDEX "refunds_process_id_idx" ON "refunds"("process_id");

-- The payments taken before this table, from their outcome: so a process
-- view lists every payment it had, and none of them is refunded again.
INSERT INTO "payments" ("transaction_id", "process_id", "amount_fen", "routed_to", "received_at", "settled_at")
SELECT "transaction_id", "process_id", "amount_fen", 'workflow', "created_at", "created_at" FROM "refunds"
ON CONFLICT DO NOTHING;
INSERT INTO "payments" ("transaction_id", "process_id", "amount_fen", "routed_to", "received_at", "settled_at")
SELECT "transaction_id", "process_id", "amount_fen", 'workflow', "created_at", "created_at" FROM "ledger_entries"
 WHERE "kind" = 'recharge_verification'
ON CONFLICT DO NOTHING;
