-- Activities that gave up: a failure no retry can mend, or the last attempt a
-- retry policy allowed (worker/activity-failures.ts); operators list them and
-- /metrics counts them.
CREATE TABLE "activity_failures" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "workflow_type" TEXT NOT NULL,
    "activity_type" TEXT NOT NULL,
    "activity_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "failure_type" TEXT NOT NULL,
    "retryable" BOOLEAN NOT NULL,
    "message" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_failures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "activity_failures_workflow_id_run_id_activity_id_attempt_key" ON "activity_failures"("workflow_id", "run_id", "activity_id", "attempt");

-- CreateIndex
CREATE INDEX "activity_failures_at_id_idx" ON "activity_failures"("at", "id");
