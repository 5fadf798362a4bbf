import { checkCode, type CodeCheckContext, type CodeCheckResult } from '../code-check';
import type { CheckedPerson, CodeProvider } from '../individual/messages';

export type { CodeCheckContext, CodeCheckResult } from '../code-check';

/**
 * A WeChat QR scan or a face check through a code valid until a stated time
 * (R-E4, R-E6.2), as workflows/code-check.ts runs it. Once it ends the code
 * is gone from the view: the method is over, so nothing can refresh it.
 */
export async function codeCheck(
  ctx: CodeCheckContext,
  provider: Extract<CodeProvider, 'wechat' | 'face'>,
  waitingStep: string,
  /** R-P10: whom a face check is for. */
  person?: CheckedPerson,
): Promise<CodeCheckResult> {
  try {
    return await checkCode(ctx, { provider, waitingStep, person });
  } finally {
    ctx.view.qrCode = null;
  }
}
