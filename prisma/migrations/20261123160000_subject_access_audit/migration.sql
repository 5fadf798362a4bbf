-- CreateTable
CREATE TABLE "subject_access_audit" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subject_access_audit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "subject_access_audit_account_id_at_idx" ON "subject_access_audit"("account_id", "at");
