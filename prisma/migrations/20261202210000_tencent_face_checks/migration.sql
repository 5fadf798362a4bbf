-- Issue 20, the FaceID backstop: every check started with Tencent Cloud
-- (DetectAuth), by its BizToken, so the worker can read the result
-- (GetDetectInfoEnhanced) when the holder's browser never comes back to the
-- return URL. A check is polled until it has a result or its code's expiry
-- (R-P7); `settled_at` ends it. The BizToken is Tencent's id of the check, no
-- personal data; reading its result needs this system's credentials.
CREATE TABLE "tencent_face_checks" (
  "biz_token" TEXT NOT NULL,
  "ticket" TEXT NOT NULL,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "next_poll_at" TIMESTAMPTZ(3) NOT NULL,
  "polls" INTEGER NOT NULL DEFAULT 0,
  "settled_at" TIMESTAMPTZ(3),
  -- delivered | expired | void | foreign | returned | refused
  "settlement" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

  CONSTRAINT "tencent_face_checks_pkey" PRIMARY KEY ("biz_token")
);

-- The backstop's pass: the unsettled checks due for a read.
CREATE INDEX "tencent_face_checks_due_idx" ON "tencent_face_checks" ("next_poll_at") WHERE "settled_at" IS NULL;
