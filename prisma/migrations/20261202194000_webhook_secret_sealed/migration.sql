-- Issue 19: the platform's webhook signing secrets are sealed at rest like the
-- personal-data columns (prisma/sealed.ts: AES-256-GCM under the HKDF subkey,
-- bound to `webhook_endpoints.secret:<id>`). SQL has no key, so this only turns
-- the column into JSONB, each existing secret a plain JSON string; deliveries
-- to those endpoints are refused (retried, the error naming the fix) until
-- `npm run reseal` (scripts/reseal.ts) seals them, once, after upgrading.
ALTER TABLE "webhook_endpoints" ALTER COLUMN "secret" TYPE JSONB USING to_jsonb("secret");
