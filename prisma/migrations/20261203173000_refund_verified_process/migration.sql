-- R-E5: a payment that verified its process but had been refunded to its payer
-- first (a refund decision reached it before the completion could credit it):
-- the process it verified, so operators find the account whose balance never
-- got the money, whatever became of the alert sent about it. Null otherwise.
ALTER TABLE "refunds" ADD COLUMN "verified_process_id" TEXT;
