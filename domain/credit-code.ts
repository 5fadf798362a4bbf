/**
 * Enterprise identifiers (R-E2): the unified social credit code
 * (统一社会信用代码, GB 32100-2015) or, for a subject that lacks one, the
 * older business registration number (注册号, GS15-2006) or organisation code
 * (组织机构代码, GB 11714-1997). An individually-owned business (个体工商户)
 * without a credit code gives its registration number beside the placeholder
 * organisation code `00000000-0`, which identifies nobody; R-E7 counts it by
 * the registration number (`enterpriseIdentityKey`).
 */

export type EnterpriseCodeReason = 'length' | 'characters' | 'check_character' | 'placeholder' | 'not_with_this_code';

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

// ---- Business registration number, GS15-2006 -------------------------------

export const REGISTRATION_NUMBER_LENGTH = 15;

/**
 * ISO 7064's hybrid MOD 11,10 system: the check digit that makes the running
 * sum of the whole number 1 mod 10. From a product of 10, each digit is added
 * to the product mod 11, and the sum mod 10 (10 for 0), doubled, is the next
 * product.
 */
export function iso7064Mod1110CheckDigit(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError('expected digits only');
  let product = 10;
  for (const digit of digits) {
    const sum = (product % 11) + Number(digit);
    product = (sum % 10 || 10) * 2;
  }
  // The check digit c makes ((product mod 11) + c) mod 10 equal 1.
  return String((11 - (product % 11)) % 10);
}

/**
 * The GS15-2006 check digit for the first 14 digits of a registration number
 * (6 digits of the first registering office, 8 of sequence): ISO 7064 MOD 11,10.
 */
export function registrationNumberCheckDigit(first14: string): string {
  if (!/^\d{14}$/.test(first14)) throw new RangeError('expected exactly 14 digits');
  return iso7064Mod1110CheckDigit(first14);
}

export type RegistrationNumberResult = { ok: true; normalised: string } | EnterpriseCodeProblem;

/** R-E2: 15 digits whose last is the GS15-2006 check digit of the other 14. */
export function validateRegistrationNumber(number: string): RegistrationNumberResult {
  const normalised = normalise(number);
  if (normalised.length !== REGISTRATION_NUMBER_LENGTH) {
    return problem('length', `A business registration number has ${REGISTRATION_NUMBER_LENGTH} digits; this one has ${normalised.length}.`);
  }
  if (!/^\d{15}$/.test(normalised)) {
    return problem('characters', 'A 15-character business registration number has digits only.');
  }
  if (registrationNumberCheckDigit(normalised.slice(0, 14)) !== normalised.charAt(14)) {
    return problem(
      'check_character',
      'The business registration number is not valid: its last digit does not match the rest. Check for a typing error.',
    );
  }
  return { ok: true, normalised };
}

// ---- The placeholder organisation code --------------------------------------

/** R-E2: what an individually-owned business without a credit code writes as its organisation code. */
export const PLACEHOLDER_ORGANISATION_CODE = '00000000-0';

/**
 * One spelling per code, as the validators store it: upper case, spaces
 * removed, an organisation code without its hyphen. Any string is accepted,
 * so values stored before validation or sent around it compare alike.
 */
export function normaliseEnterpriseCode(code: string): string {
  const compact = code.replace(/\s+/g, '').toUpperCase();
  return /^.{8}-.$/.test(compact) ? compact.replace('-', '') : compact;
}

/** R-E2: whether a code is the placeholder `00000000-0`, which identifies nobody. */
export function isPlaceholderOrganisationCode(code: string): boolean {
  return normaliseEnterpriseCode(code) === normaliseEnterpriseCode(PLACEHOLDER_ORGANISATION_CODE);
}

const PLACEHOLDER_MESSAGE =
  `The organisation code ${PLACEHOLDER_ORGANISATION_CODE} is the placeholder of an individually-owned business without a ` +
  'credit code and identifies nobody: give the business\'s 15-digit registration number (registrationNumber) beside it.';

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

/**
 * R-E2: a credit code, or lacking one a 15-digit registration number or a
 * 9-character organisation code; the kind is told by the length. Each is
 * checked against its own check character (GB 32100, GS15-2006, GB 11714).
 * The placeholder organisation code alone is refused: it identifies nobody
 * (`validateEnterpriseIdentifier` takes it with a registration number).
 */
export function validateEnterpriseCode(code: string): EnterpriseCodeResult {
  const normalised = normalise(code);

  if (normalised.length === CREDIT_CODE_LENGTH) {
    const checked = validateCreditCode(normalised);
    return checked.ok ? { ok: true, kind: 'credit_code', normalised: checked.normalised } : checked;
  }

  if (normalised.length === REGISTRATION_NUMBER_LENGTH) {
    const checked = validateRegistrationNumber(normalised);
    return checked.ok ? { ok: true, kind: 'registration_number', normalised: checked.normalised } : checked;
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
    if (isPlaceholderOrganisationCode(organisationCode)) return problem('placeholder', PLACEHOLDER_MESSAGE);
    return { ok: true, kind: 'organisation_code', normalised: organisationCode };
  }

  return problem(
    'length',
    'Enter the 18-character unified social credit code, or, if the subject has none, the 15-digit registration ' +
      'number or the 9-character organisation code.',
  );
}

// ---- The identifier as the API takes it --------------------------------------

export interface EnterpriseIdentifierInput {
  /** The credit code, a registration number or an organisation code, or the placeholder `00000000-0`. */
  creditCode: string;
  /** An individually-owned business's 15-digit registration number, beside the placeholder only. */
  registrationNumber?: string | undefined;
}

export interface EnterpriseIdentifierProblem extends EnterpriseCodeProblem {
  field: 'creditCode' | 'registrationNumber';
}

export type EnterpriseIdentifierResult =
  | {
      ok: true;
      /** `individually_owned_business`: a registration number beside the placeholder organisation code. */
      kind: EnterpriseCodeKind | 'individually_owned_business';
      /** The code that identifies the subject, normalised: for an individually-owned business its registration number. */
      normalised: string;
    }
  | { ok: false; problems: EnterpriseIdentifierProblem[] };

/**
 * R-E2: the code an enterprise is identified by. A credit code, registration
 * number or organisation code stands alone; the placeholder organisation code
 * `00000000-0` only with a valid 15-digit registration number, which is then
 * the identifying code (R-E7 counts by it). A registration number beside any
 * other code is refused, so no subject carries two identities.
 */
export function validateEnterpriseIdentifier(input: EnterpriseIdentifierInput): EnterpriseIdentifierResult {
  const registrationNumber = input.registrationNumber?.trim() || undefined;
  if (registrationNumber === undefined) {
    const checked = validateEnterpriseCode(input.creditCode);
    return checked.ok ? checked : { ok: false, problems: [{ ...checked, field: 'creditCode' }] };
  }
  if (!isPlaceholderOrganisationCode(input.creditCode)) {
    return {
      ok: false,
      problems: [
        {
          ...problem(
            'not_with_this_code',
            `A registration number goes beside the placeholder organisation code ${PLACEHOLDER_ORGANISATION_CODE} only (an ` +
              'individually-owned business without a credit code); with a credit code, registration number or organisation code, leave it out.',
          ),
          field: 'registrationNumber',
        },
      ],
    };
  }
  const checked = validateRegistrationNumber(registrationNumber);
  return checked.ok
    ? { ok: true, kind: 'individually_owned_business', normalised: checked.normalised }
    : { ok: false, problems: [{ ...checked, field: 'registrationNumber' }] };
}

// ---- R-E7: who the enterprise is -------------------------------------------

/**
 * The organisation code a credit code embeds (GB 32100: positions 9-17 are the
 * subject's GB 11714 organisation code), or null when those nine characters
 * are not one (a valid check character, not the placeholder): codes assigned
 * since 2015 to subjects that never had an organisation code need not be.
 */
export function embeddedOrganisationCode(creditCode: string): string | null {
  const checked = validateCreditCode(creditCode);
  if (!checked.ok) return null;
  const { subjectCode } = checked.parts;
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(subjectCode)) return null;
  if (organisationCodeCheckCharacter(subjectCode.slice(0, 8)) !== subjectCode.charAt(8)) return null;
  return isPlaceholderOrganisationCode(subjectCode) ? null : subjectCode;
}

/**
 * R-E7: an enterprise is identified by its code (normalised), else by its
 * name. A credit code that embeds an organisation code counts by that
 * organisation code, as does the organisation code entered alone (R-E2 takes
 * either), so one subject is one enterprise whichever it enters and never has
 * twice the accounts. The placeholder organisation code identifies nobody: a
 * subject stored with it (before the placeholder was refused) counts by its
 * name, never in one pool with every other business that wrote it. An
 * individually-owned business is stored with its registration number as its
 * code, and counted by it.
 */
export function enterpriseIdentityKey(enterprise: { name: string; creditCode: string }): string {
  const code = normaliseEnterpriseCode(enterprise.creditCode);
  if (!code || isPlaceholderOrganisationCode(code)) return `enterprise:name:${enterprise.name.trim()}`;
  return `enterprise:code:${embeddedOrganisationCode(code) ?? code}`;
}

/**
 * R-E7: the keys an enterprise was counted by before `enterpriseIdentityKey`
 * counted a credit code by its organisation code: the whole credit code.
 * Accounts verified then keep that key (a keyed hash, which cannot be
 * re-derived without the subject), so the limit counts holders of these keys
 * too until the account's next change rewrites its key.
 */
export function formerEnterpriseIdentityKeys(enterprise: { name: string; creditCode: string }): string[] {
  const code = normaliseEnterpriseCode(enterprise.creditCode);
  const current = enterpriseIdentityKey(enterprise);
  const whole = `enterprise:code:${code}`;
  return code && !isPlaceholderOrganisationCode(code) && whole !== current ? [whole] : [];
}
