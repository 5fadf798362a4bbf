-- CreateTable
CREATE TABLE "reviews" (
    "id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "materials" JSONB NOT NULL,
    "rules" TEXT[],
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "escalated_at" TIMESTAMPTZ(3),
    "claimed_by" TEXT,
    "claim_expires_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "decision_reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_audit" (
    "id" TEXT NOT NULL,
    "review_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT,
    "detail" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_audit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payouts" (
    "idempotency_key" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "amount_fen" INTEGER NOT NULL,
    "bank_reference" TEXT NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payouts_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateTable
CREATE TABLE "sandbox_bank_transfers" (
    "idempotency_key" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "account_number_hash" TEXT NOT NULL,
    "amount_fen" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_bank_transfers_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE INDEX "reviews_status_created_at_idx" ON "reviews"("status", "created_at");

-- CreateIndex
CREATE INDEX "reviews_process_id_idx" ON "reviews"("process_id");

-- CreateIndex
CREATE INDEX "review_audit_review_id_at_idx" ON "review_audit"("review_id", "at");

-- CreateIndex
CREATE INDEX "payouts_process_id_idx" ON "payouts"("process_id");
