-- CreateTable
CREATE TABLE "sandbox_face_checks" (
    "ticket" TEXT NOT NULL,
    "person" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_face_checks_pkey" PRIMARY KEY ("ticket")
);
