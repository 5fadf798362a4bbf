-- Issue 19: the hosted verification page's session, one per process. A new
-- session replaces the row, so the token of the one before opens nothing.
-- The token itself is never stored: only its SHA-256.
CREATE TABLE "verification_sessions" (
    "process_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "issued_by" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "verification_sessions_pkey" PRIMARY KEY ("process_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "verification_sessions_token_hash_key" ON "verification_sessions"("token_hash");

-- AddForeignKey
ALTER TABLE "verification_sessions" ADD CONSTRAINT "verification_sessions_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "processes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
