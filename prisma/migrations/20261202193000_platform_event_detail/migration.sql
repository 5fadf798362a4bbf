-- Issue 19: the events that are not a recorded step (process.started,
-- review.decided, payment.refunded; activities/platform-events.ts) carry their
-- own facts beside the process view: ids, kinds, enums and amounts only.
ALTER TABLE "platform_events" ADD COLUMN "detail" JSONB;
