-- R-G7: a review's final deadline (business days), past which it closes
-- expired undecided; null for reviews started without one. Kept beside due_at
-- so operators see it and the calendar's reach counts it (R-G6). Reviews
-- created before keep it in their `created` audit entry: copied from there.
ALTER TABLE "reviews" ADD COLUMN "expires_at" TIMESTAMPTZ(3);
UPDATE "reviews" r SET "expires_at" = (a."detail"->>'expiresAt')::timestamptz
  FROM "review_audit" a
 WHERE a."review_id" = r."id" AND a."action" = 'created' AND a."detail" ? 'expiresAt';
