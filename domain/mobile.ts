/**
 * Mainland mobile numbers (R-E2: the enterprise contact person's mainland
 * mobile number).
 */

export interface MobileAccepted {
  ok: true;
  /** 11 digits, no country code: '13812345678'. */
  normalised: string;
}

export interface MobileProblem {
  ok: false;
  rule: 'R-E2';
  message: string;
}

export type MobileResult = MobileAccepted | MobileProblem;

// Mainland mobile numbers are 11 digits in the 13x-19x ranges; 10x-12x are
// not mobile ranges.
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Accepts the ways people write their number: spaces and hyphens anywhere,
 * and a +86, 0086 or 86 country-code prefix. The bare '86' prefix is only
 * taken as a country code when 11 digits follow, so no real number is cut.
 */
export function normaliseMobile(mobile: string): MobileResult {
  let digits = mobile.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);

  if (!MAINLAND_MOBILE.test(digits)) {
    return {
      ok: false,
      rule: 'R-E2',
      message: 'Enter a mainland mobile number: 11 digits starting with 13 to 19, optionally preceded by +86.',
    };
  }
  return { ok: true, normalised: digits };
}

/**
 * '13812345678' → '138****5678': enough to recognise one's own number in a
 * message or log, not enough to call it. Anything that is not a mainland
 * mobile number is fully masked rather than partly revealed.
 */
export function maskMobile(mobile: string): string {
  const checked = normaliseMobile(mobile);
  if (!checked.ok) return '*'.repeat(Math.max(mobile.length, 1));
  return `${checked.normalised.slice(0, 3)}****${checked.normalised.slice(7)}`;
}
