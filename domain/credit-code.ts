/**
 * Enterprise identifiers (R-E2): the unified social credit code
 * (统一社会信用代码, GB 32100-2015) or, for a subject that lacks one, the
 * older business registration number (注册号) or organisation code
 * (组织机构代码, GB 11714-1997).
 */

export type EnterpriseCodeReason = 'length' | 'characters' | 'check_character';

export interface EnterpriseCodeProblem {
  ok: false;
  rule: 'R-E2';
  reason: EnterpriseCodeReason;
  message: string;
}

function problem(reason: EnterpriseCodeReason, message: string): EnterpriseCodeProblem {
  return { ok: false, rule: 'R-E2', reason, message };
}

// ---- Unified social credit code, GB 32100-2015 ----------------------------

export const CREDIT_CODE_LENGTH = 18;

/**
 * The 31 characters a credit code may use, in value order (0..30): digits and
 * upper-case letters without I, O, Z, S, V, which are too easily misread.
 */
const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The parts of a credit code, as laid out by GB 32100-2015. */
export interface CreditCodeParts {
  /** Position 1: registration authority (9 = market regulation, i.e. industrial and commercial; 5 = civil affairs; 1 = establishment offices; ...). */
  registrationAuthority: string;
  /** Position 2: kind of subject within that authority (for '9': 1 enterprise, 2 individually-owned business, 3 farmers' cooperative). */
  organisationCategory: string;
  /** Positions 3-8: administrative division code of the registering office. */
  regionCode: string;
  /** Positions 9-17: the subject's identifier (formerly its organisation code). */
  subjectCode: string;
  /** Position 18. */
  checkCharacter: string;
}

export interface CreditCodeAccepted {
  ok: true;
  normalised: string;
  parts: CreditCodeParts;
}

export type CreditCodeResult = CreditCodeAccepted | EnterpriseCodeProblem;

/** The GB 32100 check character for the first 17 characters of a credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError('expected exactly 17 characters');
  const sum = CREDIT_CODE_WEIGHTS.reduce((total, weight, i) => {
    const value = CREDIT_CODE_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`not a credit code character: ${JSON.stringify(first17.charAt(i))}`);
    return total + value * weight;
  }, 0);
  const check = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET.charAt(check === 31 ? 0 : check);
}

function normalise(code: string): string {
  return code.trim().toUpperCase();
}

/** R-E2: 18 characters from the GB 32100 charset with a matching check character. */
export function validateCreditCode(code: string): CreditCodeResult {
  const normalised = normalise(code);
  if (normalised.length !== CREDIT_CODE_LENGTH) {
    return problem('length', `A unified social credit code has ${CREDIT_CODE_LENGTH} characters; this one has ${normalised.length}.`);
  }
  if (![...normalised].every((character) => CREDIT_CODE_CHARSET.includes(character))) {
    return problem(
      'characters',
      'A unified social credit code uses digits and the capital letters A-Y except I, O, S, V and Z.',
    );
  }
  if (creditCodeCheckCharacter(normalised.slice(0, 17)) !== normalised.charAt(17)) {
    return problem(
      'check_character',
      'The unified social credit code is not valid: its last character does not match the rest. Check for a typing error.',
    );
  }
  return {
    ok: true,
    normalised,
    parts: {
      registrationAuthority: normalised.charAt(0),
      organisationCategory: normalised.charAt(1),
      regionCode: normalised.slice(2, 8),
      subjectCode: normalised.slice(8, 17),
      checkCharacter: normalised.charAt(17),
    },
  };
}

/**
 * R-E4, R-C7: an industrial-and-commercial subject (registered with market
 * regulation as an enterprise, '91', or an individually-owned business, '92').
 * Only a valid 18-character credit code qualifies: a registration number or
 * organisation code never does.
 */
export function isIndustrialCommercial(code: string): boolean {
  const checked = validateCreditCode(code);
  return checked.ok && (checked.normalised.startsWith('91') || checked.normalised.startsWith('92'));
}

// ---- Organisation code, GB 11714-1997 --------------------------------------

const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
// In the organisation code, A..Z count 10..35 (unlike the credit code charset).
const ORGANISATION_CODE_BODY_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The GB 11714 check character for the 8-character body of an organisation code. */
export function organisationCodeCheckCharacter(body: string): string {
  if (body.length !== 8) throw new RangeError('expected exactly 8 characters');
  const sum = ORGANISATION_CODE_WEIGHTS.reduce((total, weight, i) => {
    const value = ORGANISATION_CODE_BODY_CHARSET.indexOf(body.charAt(i));
    if (value < 0) throw new RangeError(`not an organisation code character: ${JSON.stringify(body.charAt(i))}`);
    return total + value * weight;
  }, 0);
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

// ---- Any R-E2 enterprise code ----------------------------------------------

export type EnterpriseCodeKind = 'credit_code' | 'registration_number' | 'organisation_code';

export interface EnterpriseCodeAccepted {
  ok: true;
  kind: EnterpriseCodeKind;
  /**
   * Upper-case, whitespace removed; an organisation code loses its hyphen
   * ('12345678-9' → '123456789') so one subject has one spelling.
   */
  normalised: string;
}

export type EnterpriseCodeResult = EnterpriseCodeAccepted | EnterpriseCodeProblem;

const REGISTRATION_NUMBER_LENGTH = 15;

/**
 * R-E2: a credit code, or lacking one a 15-digit registration number or a
 * 9-character organisation code; the kind is told by the length.
 *
 * The registration number is checked for shape only: R-E2 names no check
 * rule for it, and the registry lookup (R-E3) confirms that it exists.
 */
export function validateEnterpriseCode(code: string): EnterpriseCodeResult {
  const normalised = normalise(code);

  if (normalised.length === CREDIT_CODE_LENGTH) {
    const checked = validateCreditCode(normalised);
    return checked.ok ? { ok: true, kind: 'credit_code', normalised: checked.normalised } : checked;
  }

  if (normalised.length === REGISTRATION_NUMBER_LENGTH) {
    if (!/^\d{15}$/.test(normalised)) {
      return problem('characters', 'A 15-character business registration number has digits only.');
    }
    return { ok: true, kind: 'registration_number', normalised };
  }

  const organisationCode = /^.{8}-.$/.test(normalised) ? normalised.replace('-', '') : normalised;
  if (organisationCode.length === 9) {
    if (!/^[0-9A-Z]{8}[0-9X]$/.test(organisationCode)) {
      return problem(
        'characters',
        'An organisation code is 8 digits or capital letters, then a digit or X as its check character.',
      );
    }
    if (organisationCodeCheckCharacter(organisationCode.slice(0, 8)) !== organisationCode.charAt(8)) {
      return problem(
        'check_character',
        'The organisation code is not valid: its check character does not match the rest. Check for a typing error.',
      );
    }
    return { ok: true, kind: 'organisation_code', normalised: organisationCode };
  }

  return problem(
    'length',
    'Enter the 18-character unified social credit code, or, if the subject has none, the 15-digit registration ' +
      'number or the 9-character organisation code.',
  );
}
