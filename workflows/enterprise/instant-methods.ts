import { codeCheck } from './code-check';
import { choose, done, type MethodResult, type ProcessContext } from './context';
import type { PersonIdentity } from './messages';
import { mainlandPerson, samePerson } from '../person';

/** R-E4: the official account's administrator authorises; the name verified on that account must be the submitted one. */
export async function officialAccount(ctx: ProcessContext): Promise<MethodResult> {
  const result = await codeCheck(ctx, 'wechat', 'awaiting_scan');
  if (result.kind === 'interrupted') return choose;
  if (result.kind !== 'authorized') return done(await ctx.fail('abandoned'));
  if (result.officialAccountName?.trim() !== ctx.input.enterprise.name.trim()) {
    return done(await ctx.fail('official_account_name_mismatch', 'The enterprise name verified on the official account differs from the submitted name.'));
  }
  return done(await ctx.complete());
}

/** R-E4: the legal person scans with their own WeChat; the name and ID WeChat reports must be the legal person's. */
export async function legalPersonWechat(ctx: ProcessContext, legalPerson: PersonIdentity): Promise<MethodResult> {
  const result = await codeCheck(ctx, 'wechat', 'awaiting_scan');
  if (result.kind === 'interrupted') return choose;
  if (result.kind !== 'authorized') return done(await ctx.fail('abandoned'));
  if (!samePerson(result.realName, legalPerson)) return done(await ctx.fail('legal_person_mismatch'));
  return done(await ctx.complete());
}

/** R-E4, R-P10: the legal person passes a face check, bound to them, through a code valid until a stated time. */
export async function legalPersonFace(ctx: ProcessContext, legalPerson: PersonIdentity): Promise<MethodResult> {
  const result = await codeCheck(ctx, 'face', 'awaiting_scan', mainlandPerson(legalPerson));
  if (result.kind === 'interrupted') return choose;
  if (result.kind === 'face_attempts_exhausted') return done(await ctx.fail('face_attempts_exhausted'));
  if (result.kind !== 'passed') return done(await ctx.fail('abandoned'));
  return done(await ctx.complete());
}
