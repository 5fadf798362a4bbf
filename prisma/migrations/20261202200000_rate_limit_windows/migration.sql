-- Rate limits shared by every API replica (api/rate-limit.ts): one fixed
-- window per limit and caller (role and token subject). A request counts
-- itself with one upsert, which opens a new window once the caller's last one
-- is over; the worker deletes windows long over (worker/rate-limit-sweep.ts),
-- by started_at.
CREATE TABLE "rate_limit_windows" (
    "bucket" TEXT NOT NULL,
    "caller" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "hits" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_windows_pkey" PRIMARY KEY ("bucket", "caller")
);

-- CreateIndex
CREATE INDEX "rate_limit_windows_started_at_idx" ON "rate_limit_windows"("started_at");
