-- AlterTable
ALTER TABLE "documents" ADD COLUMN     "attached_at" TIMESTAMPTZ(3),
ADD COLUMN     "process_id" TEXT;

-- CreateIndex
CREATE INDEX "documents_attached_at_created_at_idx" ON "documents"("attached_at", "created_at");
