-- Issue 19: an endpoint may ask for a process's events in order
-- (`per_process`): a later one waits until the earlier ones are delivered or
-- given up (activities/webhook-delivery.ts). `none` is the default, as Stripe's.
ALTER TABLE "webhook_endpoints" ADD COLUMN "ordering" TEXT NOT NULL DEFAULT 'none';

-- The order events were recorded in. The events already queued are numbered
-- as they were queued, then the identity goes on after them.
ALTER TABLE "platform_events" ADD COLUMN "position" BIGSERIAL NOT NULL;
UPDATE "platform_events" e SET "position" = o."n"
  FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "seq", "id") AS "n" FROM "platform_events") o
 WHERE o."id" = e."id";
SELECT setval(pg_get_serial_sequence('"platform_events"', 'position'), COALESCE((SELECT max("position") FROM "platform_events"), 0) + 1, false);

-- Each delivery carries its event's process and position, so the order of a
-- process's deliveries to an endpoint is read from this table's index alone.
ALTER TABLE "webhook_deliveries" ADD COLUMN "process_id" TEXT;
ALTER TABLE "webhook_deliveries" ADD COLUMN "event_position" BIGINT;
ALTER TABLE "webhook_deliveries" ADD COLUMN "resent_at" TIMESTAMPTZ(3);
UPDATE "webhook_deliveries" d SET "process_id" = e."process_id", "event_position" = e."position"
  FROM "platform_events" e WHERE e."id" = d."event_id";
ALTER TABLE "webhook_deliveries" ALTER COLUMN "process_id" SET NOT NULL;
ALTER TABLE "webhook_deliveries" ALTER COLUMN "event_position" SET NOT NULL;

-- The deliveries that hold a process's later ones: unsettled and not a resend.
CREATE INDEX "webhook_deliveries_in_order_idx" ON "webhook_deliveries"("endpoint_id", "process_id", "event_position")
  WHERE "delivered_at" IS NULL AND "failed_at" IS NULL AND "resent_at" IS NULL;

-- The events not fanned out yet, by process: one of them holds the process's later deliveries too.
CREATE INDEX "platform_events_undispatched_idx" ON "platform_events"("process_id", "position") WHERE "dispatched_at" IS NULL;
