-- CreateTable
CREATE TABLE "subject_history" (
    "process_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "outcome" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "subject_history_pkey" PRIMARY KEY ("process_id")
);

-- CreateIndex
CREATE INDEX "subject_history_account_id_started_at_idx" ON "subject_history"("account_id", "started_at");
