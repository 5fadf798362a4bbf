-- R-E6.4: the payout amount is drawn by the activity and written before the
-- bank is asked, so a retried activity sends the amount it drew; the bank's
-- reference comes with its answer.
ALTER TABLE "payouts" ALTER COLUMN "bank_reference" DROP NOT NULL;
