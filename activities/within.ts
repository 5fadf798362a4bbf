/** A call that gave no answer in its time. Subclasses say whose, as operators read it in last_error. */
export class NoAnswerInTime extends Error {
  override name = 'NoAnswerInTime';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/**
 * The call's answer, or a `Timeout` (a NoAnswerInTime) after `ms`: a channel
 * or gateway that never answers costs that long and no more. A late answer is
 * ignored, and a late failure is not left unhandled.
 */
export async function within<T>(ms: number, call: Promise<T>, Timeout: new (ms: number) => NoAnswerInTime = NoAnswerInTime): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  call.catch(() => undefined);
  try {
    return await Promise.race([call, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout(ms)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
