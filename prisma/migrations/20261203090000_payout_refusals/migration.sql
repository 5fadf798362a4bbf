-- R-E6.4: a payout the bank refused for the account (no such account, closed,
-- another holder's name): nothing was sent, and the holder was sent back to
-- correct the bank details. The code is the bank's (domain/payout-refusals.ts).
ALTER TABLE "payouts" ADD COLUMN "refused_at" TIMESTAMPTZ(3);
ALTER TABLE "payouts" ADD COLUMN "refusal" TEXT;
