/**
 * Mainland resident ID number (居民身份证号码), GB 11643-1999 (R-P2).
 *
 * Layout of the 18 characters:
 *   1-6   address code (region of first registration)
 *   7-14  birth date, YYYYMMDD
 *   15-17 sequence code (the 17th is odd for men, even for women)
 *   18    check character, ISO 7064 MOD 11-2 over the first 17 digits
 *
 * The address code is not checked against the region table: codes are retired
 * and reissued over the years, and a stale table would refuse real people.
 * The old 15-digit card is out of circulation and R-P2 requires 18 characters.
 */
import { formatIsoDate, isRealDate, type IsoDate } from './calendar-date';
import { documentNumberProblem, type DocumentNumberProblem } from './document-number-result';

export interface MainlandIdAccepted {
  ok: true;
  /** Upper-case, surrounding whitespace removed. */
  normalised: string;
  /** The birth date encoded at positions 7-14. */
  birthDate: IsoDate;
}

export type MainlandIdResult = MainlandIdAccepted | DocumentNumberProblem;

export const MAINLAND_ID_LENGTH = 18;

// ISO 7064 MOD 11-2: weight of position i (1-based, left to right) is 2^(18-i) mod 11.
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Indexed by (weighted sum mod 11); 'X' stands for the value 10.
const CHECK_CHARACTERS = '10X98765432';

/** The GB 11643 check character for the first 17 digits of an ID number. */
export function mainlandIdCheckCharacter(first17Digits: string): string {
  if (!/^\d{17}$/.test(first17Digits)) throw new RangeError('expected exactly 17 digits');
  const sum = CHECK_WEIGHTS.reduce((total, weight, i) => total + Number(first17Digits.charAt(i)) * weight, 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * R-P2: length, characters, check character, and a real birth date that is
 * not after `today` (the China date of the check, see `chinaDate`).
 * Problems are reported in that order; the first one found is returned.
 */
export function validateMainlandId(documentNumber: string, today: IsoDate): MainlandIdResult {
  const normalised = documentNumber.trim().toUpperCase();

  if (normalised.length !== MAINLAND_ID_LENGTH) {
    return documentNumberProblem(
      'length',
      `A mainland ID number has ${MAINLAND_ID_LENGTH} characters; this one has ${normalised.length}.`,
    );
  }
  if (!/^\d{17}[\dX]$/.test(normalised)) {
    return documentNumberProblem(
      'characters',
      'A mainland ID number is 17 digits followed by a digit or the letter X.',
    );
  }
  if (mainlandIdCheckCharacter(normalised.slice(0, 17)) !== normalised.charAt(17)) {
    return documentNumberProblem(
      'check_character',
      'The mainland ID number is not valid: its last character does not match the rest. Check for a typing error.',
    );
  }

  const year = Number(normalised.slice(6, 10));
  const month = Number(normalised.slice(10, 12));
  const day = Number(normalised.slice(12, 14));
  if (!isRealDate(year, month, day)) {
    return documentNumberProblem('birth_date', 'The birth date in the mainland ID number is not a real date.');
  }
  const birthDate = formatIsoDate({ year, month, day });
  if (birthDate > today) {
    return documentNumberProblem('birth_date', 'The birth date in the mainland ID number is in the future.');
  }

  return { ok: true, normalised, birthDate };
}
