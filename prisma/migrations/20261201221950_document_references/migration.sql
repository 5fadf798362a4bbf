-- AlterTable
ALTER TABLE "documents" ADD COLUMN     "attached_at" TIMESTAMPTZ(3),
ADD COLUMN     "process_id" TEXT;

-- R-G4: a document uploaded before references were recorded may be the
-- licence or ID photo of a completed verification or a pending review, and
-- nothing tells which, so every existing row counts as taken from its upload:
-- the sweep of unreferenced uploads never deletes it and it leaves the upload
-- quota. Which process took it is recorded nowhere SQL can read (review
-- materials are sealed, process inputs live in Temporal's histories), so
-- process_id stays null for these rows.
UPDATE "documents" SET "attached_at" = "created_at" WHERE "attached_at" IS NULL;

-- CreateIndex
CREATE INDEX "documents_attached_at_created_at_idx" ON "documents"("attached_at", "created_at");
