-- R-E6.4: /metrics counts the refused payouts by refusal at every scrape;
-- they are few, so a partial index keeps that count off the payouts table.
CREATE INDEX "payouts_refusal_idx" ON "payouts" ("refusal") WHERE "refused_at" IS NOT NULL;
