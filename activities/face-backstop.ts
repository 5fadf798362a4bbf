import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { sqlPool } from '../prisma/client';
import { prepared } from '../prisma/prepared';
import type { ProviderEvent } from '../workflows/individual/messages';
import { faceEventOf, type FaceCheckBook, type TencentFaceProvider } from './providers/tencent-faceid';

/**
 * Issue 20, the FaceID backstop. Tencent does not call back: a check's result
 * is read when the holder's browser returns to the return URL
 * (api/routes/tencent-face-return.ts). A browser that never returns (closed,
 * the phone locked, WeChat's page left open) would leave the result unread and
 * the process waiting until its code expires. So every check started with
 * `DetectAuth` is recorded by its BizToken (`faceCheckBook`), and the worker
 * reads it (`GetDetectInfoEnhanced`, through the adapter) every
 * `TENCENT_FACEID_POLL_SECONDS` until it has a result or its code's expiry
 * (R-P7: a result after that is not taken anyway), and once more just before
 * that expiry, so a check finished in time is read in time.
 *
 * The result counts once whichever path reads it first (R-P8: one try per
 * check): both make the same event, `tencent-faceid:<BizToken>`, delivered by
 * `deliverProviderEvent`, which skips an event id already received, and the
 * workflow takes each provider event id once (workflows/code-check.ts
 * `receiveProviderEvents`) even when both deliver at the same moment. A check
 * whose event the return already delivered is settled without a read.
 *
 * Rows are claimed with FOR UPDATE SKIP LOCKED, moving their next read ahead
 * in the same statement, so any number of workers may run the pass.
 */

/** The worker's pass runs at most this far apart, whatever the per-check interval (worker/face-backstop.ts). */
export const MAX_PASS_INTERVAL_SECONDS = 5;

/**
 * R-P7: the last read of a check comes this long before its code expires,
 * wherever the interval falls: a person who finished in the interval's last
 * seconds (their browser gone) is read while the code is valid, so the result
 * counts, where a read one interval on would come after the expiry. More than
 * one pass apart, so the pass that reads it comes before the expiry.
 */
export const LAST_READ_BEFORE_EXPIRY_SECONDS = MAX_PASS_INTERVAL_SECONDS + 1;

/**
 * The read after one at `$t`: one interval on, or the last read before the
 * expiry `$e` if the interval would pass it and it is still ahead.
 */
const nextRead = (t: string, e: string, interval: string) => `
  CASE WHEN ${t} + ${interval} * interval '1 second' >= ${e} - ${LAST_READ_BEFORE_EXPIRY_SECONDS} * interval '1 second'
        AND ${e} - ${LAST_READ_BEFORE_EXPIRY_SECONDS} * interval '1 second' > ${t}
       THEN ${e} - ${LAST_READ_BEFORE_EXPIRY_SECONDS} * interval '1 second'
       ELSE ${t} + ${interval} * interval '1 second' END`;

/** A check starts due one interval after DetectAuth (nobody finishes a face check faster), or at its last read before expiry. */
const RECORD_CHECK = `
  INSERT INTO tencent_face_checks (biz_token, ticket, expires_at, next_poll_at)
  VALUES ($1, $2, $3, ${nextRead('now()', '$3::timestamptz', '$4')})
  ON CONFLICT (biz_token) DO NOTHING`;
const recordCheck = prepared('record-tencent-face-check', RECORD_CHECK);

/** Checks past their code's expiry, and checks whose event the browser's return delivered, need no read. */
const SETTLE_WITHOUT_READ = `
  UPDATE tencent_face_checks c
     SET settled_at = $1, settlement = CASE WHEN c.expires_at <= $1 THEN 'expired' ELSE 'returned' END
   WHERE c.settled_at IS NULL
     AND (c.expires_at <= $1
          OR EXISTS (SELECT 1 FROM webhook_events e WHERE e.provider = 'face' AND e.event_id = 'tencent-faceid:' || c.biz_token))
  RETURNING c.biz_token, c.ticket, c.settlement`;
const settleWithoutRead = prepared('settle-tencent-face-checks', SETTLE_WITHOUT_READ);

const CLAIM_DUE = `
  UPDATE tencent_face_checks c
     SET next_poll_at = ${nextRead('$1::timestamptz', 'c.expires_at', '$2')}, polls = c.polls + 1
    FROM (SELECT biz_token FROM tencent_face_checks
           WHERE settled_at IS NULL AND next_poll_at <= $1 AND expires_at > $1
           ORDER BY next_poll_at LIMIT $3
           FOR UPDATE SKIP LOCKED) due
   WHERE c.biz_token = due.biz_token
  RETURNING c.biz_token, c.ticket`;
const claimDue = prepared('claim-tencent-face-checks', CLAIM_DUE);

const SETTLE = 'UPDATE tencent_face_checks SET settled_at = $2, settlement = $3 WHERE biz_token = $1 AND settled_at IS NULL';
const settle = prepared('settle-tencent-face-check', SETTLE);

/** Where the Tencent adapter records each check it started (activities/providers/index.ts gives it). */
export function faceCheckBook(db: Database, pollSeconds: number): FaceCheckBook {
  return {
    async started(ticket, bizToken, expiresAt) {
      await sqlPool(db).query(recordCheck([bizToken, ticket, new Date(expiresAt), pollSeconds]));
    },
  };
}

export interface FaceBackstopDeps {
  db: Database;
  face: Pick<TencentFaceProvider, 'readResult'>;
  /** api/routes/webhooks.ts `deliverProviderEvent`: once per event id, to the ticket's process. */
  deliver(event: ProviderEvent): Promise<unknown>;
  logger: Pick<Logger, 'info' | 'warn'>;
  pollSeconds: number;
  /** Checks read in one pass, at most (Tencent throttles per second). */
  batch?: number;
  now?: () => number;
}

export interface FaceBackstopPass {
  read: number;
  delivered: number;
  settled: number;
}

type Settlement = 'delivered' | 'expired' | 'void' | 'foreign' | 'refused';

/** One pass: settles what needs no read, reads each due check once, delivers a result, settles what is final. */
export async function pollFaceChecks(deps: FaceBackstopDeps): Promise<FaceBackstopPass> {
  const now = new Date((deps.now ?? Date.now)());
  const pool = sqlPool(deps.db);
  const { rows: ended } = await pool.query<{ biz_token: string; ticket: string; settlement: string }>(settleWithoutRead([now]));
  for (const row of ended) deps.logger.info({ provider: 'face', adapter: 'tencent-faceid', ticket: row.ticket, settlement: row.settlement }, 'face check backstop ended');
  const { rows: due } = await pool.query<{ biz_token: string; ticket: string }>(claimDue([now, deps.pollSeconds, deps.batch ?? 20]));
  const pass: FaceBackstopPass = { read: 0, delivered: 0, settled: ended.length };
  for (const { biz_token: bizToken, ticket } of due) {
    const settlement = await readOnce(deps, ticket, bizToken, pass);
    if (settlement === undefined) continue;
    await pool.query(settle([bizToken, now, settlement]));
    pass.settled++;
  }
  return pass;
}

/** Reads one check; answers how it is settled, or undefined to read it again at its next time. */
async function readOnce(deps: FaceBackstopDeps, ticket: string, bizToken: string, pass: FaceBackstopPass): Promise<Settlement | undefined> {
  const log = { provider: 'face', adapter: 'tencent-faceid', ticket };
  let outcome: Awaited<ReturnType<TencentFaceProvider['readResult']>>;
  try {
    outcome = await deps.face.readResult(ticket, bizToken);
    pass.read++;
  } catch (error) {
    // The adapter's failures name the action, Tencent's code and RequestId, never personal data.
    const failure = error instanceof ApplicationFailure ? error : undefined;
    deps.logger.warn({ ...log, failure: failure?.type ?? (error as Error)?.name, message: failure?.message }, 'face check backstop read failed');
    // Throttling, timeouts, Tencent's own trouble: the next read retries. A refusal would be refused again.
    return failure?.nonRetryable ? 'refused' : undefined;
  }
  switch (outcome.status) {
    case 'pending':
      return undefined;
    case 'expired':
    case 'void':
    case 'foreign':
      return outcome.status;
    case 'passed':
    case 'failed': {
      const event = faceEventOf(ticket, bizToken, outcome)!;
      try {
        await deps.deliver(event);
      } catch (error) {
        // The ticket not registered yet, Temporal or the database away: the next pass delivers it.
        deps.logger.warn({ ...log, err: { name: (error as Error)?.name } }, 'face check backstop delivery failed');
        return undefined;
      }
      pass.delivered++;
      deps.logger.info({ ...log, status: outcome.status }, 'face check result delivered by the backstop');
      return 'delivered';
    }
  }
}
