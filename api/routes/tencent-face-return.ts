import { ApplicationFailure } from '@temporalio/common';
import type { Hono } from 'hono';
import { faceEventOf, type TencentFaceProvider } from '../../activities/providers/tencent-faceid';
import type { Database } from '../../prisma/client';
import { sqlPool } from '../../prisma/client';
import { prepared } from '../../prisma/prepared';
import type { ProviderEvent } from '../../workflows/individual/messages';

export const TENCENT_FACE_RETURN_PATH = '/v1/face/tencent/return';

export interface TencentFaceReturnDeps {
  face: Pick<TencentFaceProvider, 'readResult'>;
  /** api/routes/webhooks.ts `deliverProviderEvent`: once per event id, to the ticket's process. */
  deliver(event: ProviderEvent): Promise<unknown>;
  /**
   * Whether the worker's adapter started this check, for this ticket (the FaceID backstop's book,
   * activities/face-backstop.ts). Only such a pair is read from Tencent: a made-up or mixed-up link
   * costs no call on our credentials, so it cannot spend Tencent's request quota that the real
   * returns and the backstop read with (issue 20). The app passes `faceCheckStarted(db)`.
   */
  started?(ticket: string, bizToken: string): Promise<boolean>;
  /** Where a result Tencent would not give is logged (its failure names the action, code and RequestId only). */
  logger?: { warn(object: object, message: string): void };
}

const CHECK_STARTED = prepared('tencent-face-check-started', 'SELECT 1 FROM tencent_face_checks WHERE biz_token = $1 AND ticket = $2');

/** Whether DetectAuth gave this BizToken for this ticket, as the worker's adapter recorded it. */
export function faceCheckStarted(db: Database): (ticket: string, bizToken: string) => Promise<boolean> {
  return async (ticket, bizToken) => (await sqlPool(db).query(CHECK_STARTED([bizToken, ticket]))).rows.length > 0;
}

/** A ticket or BizToken as Tencent and capabilityId make them: letters, digits, `-` and `_`. */
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Where Tencent sends the person's browser after the face check
 * (`RedirectUrl?ticket=…&token=<BizToken>`). The browser proves nothing: the
 * result is read from Tencent with our credentials, and only a BizToken issued
 * for this ticket (Tencent returns the ticket in Extra) makes an event. The
 * person sees a short page either way; the process's own view says the rest.
 * Unauthenticated, like the sandbox pages: it carries capabilities only.
 */
export function registerTencentFaceReturn(app: Hono<any>, deps: TencentFaceReturnDeps): void {
  app.get(TENCENT_FACE_RETURN_PATH, async (c) => {
    const ticket = c.req.query('ticket') ?? '';
    const token = c.req.query('token') ?? c.req.query('BizToken') ?? '';
    if (!TOKEN.test(ticket) || !TOKEN.test(token)) return c.text('这个链接无效。 This link is not valid.', 400);
    if (deps.started && !(await deps.started(ticket, token))) return c.text('这个链接无效。 This link is not valid.', 400);
    let outcome: Awaited<ReturnType<TencentFaceProvider['readResult']>>;
    try {
      outcome = await deps.face.readResult(ticket, token);
    } catch (error) {
      if (!(error instanceof ApplicationFailure)) throw error;
      deps.logger?.warn({ provider: 'face', adapter: 'tencent-faceid', ticket, failure: error.type, message: error.message }, 'face check return: result not read');
      // Issue 20: a BizToken Tencent refuses (forged, mistyped, another account's) is a bad link, not our 500;
      // Tencent throttled or away is worth a reload; anything else (our key refused, a malformed answer) is upstream's.
      if (!error.nonRetryable) return c.text('人脸核验结果暂时无法读取，请稍后刷新。 The result cannot be read just now: reload in a moment.', 503, { 'retry-after': '5', 'cache-control': 'no-store' });
      if (error.type === 'InvalidActivityInput') return c.text('这个链接无效。 This link is not valid.', 400);
      return c.text('人脸核验结果暂时无法读取。 The result cannot be read.', 502, { 'cache-control': 'no-store' });
    }
    const event = faceEventOf(ticket, token, outcome);
    if (event) await deps.deliver(event);
    const page =
      outcome.status === 'passed' || outcome.status === 'failed'
        ? '人脸核验已完成，请回到原页面查看结果。 The face check is done: see the result where you started.'
        : '人脸核验尚未完成。 The face check has not finished.';
    return c.text(page, 200, { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  });
}
