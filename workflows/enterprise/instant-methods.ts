import { patched } from '@temporalio/workflow';
import { codeCheck } from './code-check';
import { choose, done, type MethodResult, type ProcessContext } from './context';
import { REGISTRY_UNAVAILABLE_DETAIL, type PersonIdentity } from './messages';
import { beforeDeadline, REGISTRY_DEADLINE_PASSED } from '../registry-deadline';
import { mainlandPerson, samePerson } from '../person';

/** Processes started before it let anyone who named themselves the legal person scan or face for it. */
export const LEGAL_REPRESENTATIVE_PATCH = 'legal-representative-by-registry';
const LEGAL_REPRESENTATIVE_DETAIL = 'The business registry does not hold this person as the legal representative of the enterprise.';

/**
 * R-E4: the legal person is the enterprise's legal representative as the
 * registry holds it, not whoever the holder names: the registry is asked
 * before any code is issued. The code check then proves the scanner or face
 * is that person, so together they prove the enterprise's legal person.
 */
async function notTheLegalRepresentative(ctx: ProcessContext, legalPerson: PersonIdentity): Promise<MethodResult | null> {
  if (!patched(LEGAL_REPRESENTATIVE_PATCH)) return null;
  const { creditCode } = ctx.input.enterprise;
  const answer = await beforeDeadline(() =>
    ctx.activities.confirmLegalRepresentative({ creditCode, name: legalPerson.name, documentNumber: legalPerson.documentNumber, answerBy: ctx.abandonAt }),
  );
  if (answer === REGISTRY_DEADLINE_PASSED) return done(await ctx.fail('registry_unavailable', REGISTRY_UNAVAILABLE_DETAIL));
  return answer.isLegalRepresentative ? null : done(await ctx.fail('legal_person_mismatch', LEGAL_REPRESENTATIVE_DETAIL));
}

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
  const refused = await notTheLegalRepresentative(ctx, legalPerson);
  if (refused) return refused;
  const result = await codeCheck(ctx, 'wechat', 'awaiting_scan');
  if (result.kind === 'interrupted') return choose;
  if (result.kind !== 'authorized') return done(await ctx.fail('abandoned'));
  if (!samePerson(result.realName, legalPerson)) return done(await ctx.fail('legal_person_mismatch'));
  return done(await ctx.complete());
}

/** R-E4, R-P10: the legal person passes a face check, bound to them, through a code valid until a stated time. */
export async function legalPersonFace(ctx: ProcessContext, legalPerson: PersonIdentity): Promise<MethodResult> {
  const refused = await notTheLegalRepresentative(ctx, legalPerson);
  if (refused) return refused;
  const result = await codeCheck(ctx, 'face', 'awaiting_scan', mainlandPerson(legalPerson));
  if (result.kind === 'interrupted') return choose;
  if (result.kind === 'face_attempts_exhausted') return done(await ctx.fail('face_attempts_exhausted'));
  if (result.kind !== 'passed') return done(await ctx.fail('abandoned'));
  return done(await ctx.complete());
}
