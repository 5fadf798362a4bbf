-- R-E5: every payment the gateway reports is recorded, whatever it quotes: one
-- naming no process that takes payments has no process and is refunded as
-- `unknown_reference`; `reference` keeps what the payer quoted, for operators.
ALTER TABLE "payments" ALTER COLUMN "process_id" DROP NOT NULL;
ALTER TABLE "payments" ADD COLUMN "reference" TEXT;
ALTER TABLE "refunds" ALTER COLUMN "process_id" DROP NOT NULL;

-- R-E5, R-G7: when operators were told a refund keeps failing (once per refund).
ALTER TABLE "refunds" ADD COLUMN "alerted_at" TIMESTAMPTZ(3);

-- R-E5: a payment is credited or refunded, never both, whoever writes it. Each
-- side locks the payment's row (FOR UPDATE: the two serialise on it) and then
-- looks for the other under a fresh snapshot (a VOLATILE function's statements
-- each take one), so a credit committed while the refund waited is seen.
-- A credit of a refunded transaction is refused loudly (nothing may write it);
-- a refund of a credited one is no decision, as ON CONFLICT makes a second one.
CREATE FUNCTION "ledger_entry_refuses_refunded"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM 1 FROM "payments" WHERE "transaction_id" = NEW."transaction_id" FOR UPDATE;
  IF EXISTS (SELECT 1 FROM "refunds" WHERE "transaction_id" = NEW."transaction_id") THEN
    RAISE EXCEPTION 'transaction % was refunded to its payer and cannot be credited (R-E5)', NEW."transaction_id"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_not_refunded';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "ledger_entries_not_refunded" BEFORE INSERT ON "ledger_entries"
  FOR EACH ROW WHEN (NEW."transaction_id" IS NOT NULL) EXECUTE FUNCTION "ledger_entry_refuses_refunded"();

CREATE FUNCTION "refund_skips_credited"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM 1 FROM "payments" WHERE "transaction_id" = NEW."transaction_id" FOR UPDATE;
  IF EXISTS (SELECT 1 FROM "ledger_entries" WHERE "transaction_id" = NEW."transaction_id") THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "refunds_not_credited" BEFORE INSERT ON "refunds"
  FOR EACH ROW EXECUTE FUNCTION "refund_skips_credited"();
