/**
 * Age in full years on a given China calendar day (R-P3).
 *
 * Dates are 'YYYY-MM-DD' China dates; get "today" with `chinaDate(now)`.
 */
import { parseIsoDate, type CalendarDateParts, type IsoDate } from './calendar-date';

/** R-P3: the person must be at least this old on the day of verification. */
export const ADULT_AGE = 18;

function parseOrThrow(date: IsoDate, name: string): CalendarDateParts {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`${name} is not a real 'YYYY-MM-DD' date: ${JSON.stringify(date)}`);
  return parts;
}

/**
 * Full years lived on `onDate`. A birthday counts from its own day: someone
 * born 2008-06-01 is 18 on 2026-06-01.
 *
 * Born on Feb 29: in a common year the birthday is taken to fall on Mar 1
 * (on Feb 28 the year is not yet complete). This is the usual reading in
 * mainland practice (a year of age is complete on the day after the same
 * month-day is passed), and it never lets someone count as a year older early.
 *
 * Negative when `onDate` precedes `birthDate`.
 */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  const birth = parseOrThrow(birthDate, 'birthDate');
  const on = parseOrThrow(onDate, 'onDate');
  const birthdayReached = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  // Feb 29 birthdays in a common year: (Mar 1 > Feb 29) holds, (Feb 28 >= Feb 29) does not,
  // which is exactly the Mar 1 choice documented above.
  return on.year - birth.year - (birthdayReached ? 0 : 1);
}

/** R-P3: 18 or older on `onDate`; someone whose 18th birthday is `onDate` is adult. */
export function isAdultOn(birthDate: IsoDate, onDate: IsoDate): boolean {
  return ageOn(birthDate, onDate) >= ADULT_AGE;
}
