import type { Client } from '@temporalio/client';
import { MAX_PASS_INTERVAL_SECONDS, pollFaceChecks } from '../activities/face-backstop';
import type { Providers } from '../activities/providers';
import type { TencentFaceProvider } from '../activities/providers/tencent-faceid';
import { deliverProviderEvent } from '../api/routes/webhooks';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { runPeriodically } from './periodic';

/** Whether the face port's adapter reads results itself (Tencent FaceID), so a backstop applies. */
export function readsFaceResults(face: Providers['face']): face is TencentFaceProvider {
  return typeof (face as Partial<TencentFaceProvider>).readResult === 'function';
}

/**
 * Issue 20: the FaceID backstop (activities/face-backstop.ts) beside the
 * worker's other loops: with FACE_PROVIDER=tencent, every started check is
 * read until a result or its code's expiry, in case the holder's browser
 * never returns; a result is delivered to its process as the return route
 * would. Nothing runs for another face adapter. Returns the stop.
 */
export function startFaceBackstop(
  db: Database,
  config: Pick<Config, 'tencentFaceId'>,
  logger: Logger,
  deps: { face: Providers['face']; temporal: Client },
): () => Promise<void> {
  const pollSeconds = config.tencentFaceId?.pollSeconds;
  if (!readsFaceResults(deps.face) || pollSeconds === undefined) return async () => undefined;
  const backstop = { db, face: deps.face, logger, pollSeconds, deliver: (event: Parameters<typeof deliverProviderEvent>[1]) => deliverProviderEvent({ db, temporal: deps.temporal }, event) };
  return runPeriodically(logger, Math.min(pollSeconds, MAX_PASS_INTERVAL_SECONDS) * 1000, () => pollFaceChecks(backstop), {
    done: ({ read, delivered, settled }) => {
      if (delivered + settled > 0) logger.info({ read, delivered, settled }, 'face check backstop pass');
    },
    failed: 'face check backstop pass failed; the next one retries',
  });
}
