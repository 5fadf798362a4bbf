/**
 * An individual's identity document, checked as a whole (R-P1, R-P2, R-P3, R-G3).
 *
 * The result says what is wrong field by field, so the API can show every
 * problem at once, and, when nothing is wrong, gives the normalised number,
 * the birth date used for R-P3 and the `identityKey` that R-P5 counts
 * accounts by.
 */
import { ageOn, ADULT_AGE } from './age';
import { parseIsoDate, type IsoDate } from './calendar-date';
import { chinaDate } from './china-time';
import { validateMainlandId } from './mainland-id';
import { hkMacaoPermitPersonKey, validateHkMacaoPermit, validateTaiwanPermit } from './permits';
import { INTERNATIONAL_SITE_URL } from './region';

export const DOCUMENT_TYPES = ['mainland_id', 'hk_macao_permit', 'taiwan_permit'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(value);
}

export interface IndividualIdentityInput {
  /** Not yet trusted: anything the client sent, checked against DOCUMENT_TYPES. */
  documentType: string;
  documentNumber: string;
  /** 'YYYY-MM-DD'. Required for permit holders (R-P3); optional for a mainland ID, whose number encodes it. */
  birthDate?: string;
}

export interface IdentityProblem {
  field: 'documentType' | 'documentNumber' | 'birthDate';
  rule: 'R-P1' | 'R-P2' | 'R-P3' | 'R-G3';
  message: string;
}

export interface IdentityAccepted {
  ok: true;
  problems: [];
  documentType: DocumentType;
  normalisedNumber: string;
  birthDate: IsoDate;
  /**
   * Who the person is, for counting accounts per identity (R-P5):
   * documentType + ':' + the part of the number that identifies the person.
   * A renewed HK/Macao permit keeps the same key (see `hkMacaoPermitPersonKey`).
   */
  identityKey: string;
}

export interface IdentityRefused {
  ok: false;
  /** Never empty. */
  problems: IdentityProblem[];
}

export type IdentityCheck = IdentityAccepted | IdentityRefused;

/** R-G3: the message for any document this region does not serve. */
export const UNSERVED_DOCUMENT_MESSAGE =
  'Only the Chinese mainland region is served here. Accepted identity documents are the mainland resident ID card ' +
  "(mainland_id), the Hong Kong/Macao residents' travel permit to the mainland (hk_macao_permit) and the Taiwan " +
  "residents' travel permit to the mainland (taiwan_permit). Other subjects verify on the international site, " +
  `${INTERNATIONAL_SITE_URL}.`;

/**
 * R-P5: documentType + ':' + the part of a (valid) document number that
 * identifies the person. Normalises case and surrounding spaces itself, so
 * callers holding the number as typed get the same key as the validator.
 */
export function identityKey(documentType: DocumentType, documentNumber: string): string {
  const normalised = documentNumber.trim().toUpperCase();
  const personPart = documentType === 'hk_macao_permit' ? hkMacaoPermitPersonKey(normalised) : normalised;
  return `${documentType}:${personPart}`;
}

/** What the per-document checks hand back: the number and birth date to use, or nothing when a problem was found. */
interface DocumentFindings {
  normalisedNumber?: string;
  birthDate?: IsoDate;
  /** The field the birth date came from, so an R-P3 age refusal points at what the person typed. */
  birthDateField: IdentityProblem['field'];
}

/** R-P2, R-P3: a mainland ID number carries the birth date; a stated one must agree with it. */
function checkMainlandId(
  documentNumber: string,
  statedBirthDate: string | undefined,
  today: IsoDate,
  problems: IdentityProblem[],
): DocumentFindings {
  const checked = validateMainlandId(documentNumber, today);
  if (!checked.ok) {
    problems.push({ field: 'documentNumber', rule: checked.rule, message: checked.message });
    return { birthDateField: 'documentNumber' };
  }
  if (statedBirthDate !== undefined && parseIsoDate(statedBirthDate) && statedBirthDate !== checked.birthDate) {
    problems.push({
      field: 'birthDate',
      rule: 'R-P3',
      message: 'The birth date given does not match the birth date in the mainland ID number.',
    });
  }
  return { normalisedNumber: checked.normalised, birthDate: checked.birthDate, birthDateField: 'documentNumber' };
}

/** R-P2, R-P3: a permit number has no birth date in it, so the holder must state one. */
function checkPermit(
  documentType: 'hk_macao_permit' | 'taiwan_permit',
  documentNumber: string,
  statedBirthDate: string | undefined,
  today: IsoDate,
  problems: IdentityProblem[],
): DocumentFindings {
  const checked =
    documentType === 'hk_macao_permit' ? validateHkMacaoPermit(documentNumber) : validateTaiwanPermit(documentNumber);
  if (!checked.ok) {
    problems.push({ field: 'documentNumber', rule: checked.rule, message: checked.message });
  }
  if (statedBirthDate === undefined) {
    problems.push({ field: 'birthDate', rule: 'R-P3', message: 'Travel permit holders must give their birth date.' });
  } else if (parseIsoDate(statedBirthDate) && statedBirthDate > today) {
    problems.push({ field: 'birthDate', rule: 'R-P3', message: 'The birth date is in the future.' });
  }
  return {
    ...(checked.ok ? { normalisedNumber: checked.normalised } : {}),
    ...(statedBirthDate !== undefined ? { birthDate: statedBirthDate } : {}),
    birthDateField: 'birthDate',
  };
}

/**
 * Checks an individual's document on the China day of `now` (epoch ms).
 * Never throws on bad input: every problem found is returned, so the person
 * can fix them all at once. The age check (R-P3) runs only once the number
 * and birth date are themselves valid.
 */
export function validateIndividualIdentity(input: IndividualIdentityInput, now: number): IdentityCheck {
  const today = chinaDate(now);
  const problems: IdentityProblem[] = [];
  // Input comes from outside the type system (API bodies), so tolerate missing fields.
  // The type's case is forgiven, as the number's is (R-P2): `MAINLAND_ID` is the mainland ID card.
  const documentType = input.documentType?.trim().toLowerCase() ?? '';
  const documentNumber = input.documentNumber?.trim() ?? '';
  const statedBirthDate = input.birthDate?.trim() || undefined;

  if (documentType === '') {
    problems.push({ field: 'documentType', rule: 'R-P1', message: 'The identity document type is required.' });
  } else if (!isDocumentType(documentType)) {
    // R-G3: passports and other overseas documents are not served in this region.
    problems.push({ field: 'documentType', rule: 'R-G3', message: UNSERVED_DOCUMENT_MESSAGE });
  }
  if (documentNumber === '') {
    problems.push({ field: 'documentNumber', rule: 'R-P1', message: 'The identity document number is required.' });
  }
  if (statedBirthDate !== undefined && !parseIsoDate(statedBirthDate)) {
    problems.push({ field: 'birthDate', rule: 'R-P3', message: "The birth date must be a real date written 'YYYY-MM-DD'." });
  }
  if (!isDocumentType(documentType) || documentNumber === '') {
    return { ok: false, problems };
  }

  const findings =
    documentType === 'mainland_id'
      ? checkMainlandId(documentNumber, statedBirthDate, today, problems)
      : checkPermit(documentType, documentNumber, statedBirthDate, today, problems);
  const { normalisedNumber, birthDate } = findings;
  if (problems.length > 0 || normalisedNumber === undefined || birthDate === undefined) {
    return { ok: false, problems };
  }

  // R-P3: 18 or older on the China day of verification.
  if (ageOn(birthDate, today) < ADULT_AGE) {
    problems.push({
      field: findings.birthDateField,
      rule: 'R-P3',
      message: `The person must be at least ${ADULT_AGE} years old on the day of verification.`,
    });
    return { ok: false, problems };
  }

  return {
    ok: true,
    problems: [],
    documentType,
    normalisedNumber,
    birthDate,
    identityKey: identityKey(documentType, normalisedNumber),
  };
}
