-- CreateTable
CREATE TABLE "codec_tokens" (
    "jti" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,

    CONSTRAINT "codec_tokens_pkey" PRIMARY KEY ("jti")
);

-- CreateIndex
CREATE INDEX "codec_tokens_operator_expires_at_idx" ON "codec_tokens"("operator", "expires_at");
