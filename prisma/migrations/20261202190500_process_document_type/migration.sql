-- R-P6: the document an individual verification was started with, so the
-- process view can recommend a method from it and from what already failed in
-- the process (a travel permit allows WeChat QR only). Written once, when the
-- workflow opens the process row; null for enterprise processes and for
-- processes opened before this column.
ALTER TABLE "processes" ADD COLUMN "document_type" TEXT;

-- R-G6: the metric and operator view of open processes with a business-day
-- deadline past the calendar's reach read the open processes only
-- (api/deadlines-past-reach.ts), at every scrape.
CREATE INDEX "processes_open_idx" ON "processes"("id") WHERE "status" = 'open';
