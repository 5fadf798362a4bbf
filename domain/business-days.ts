/**
 * The business-day calendar (R-G6): Monday to Friday, minus public holidays,
 * plus the weekend days that China declares working days to make up for a
 * holiday bridge (调休, e.g. a Sunday worked before Golden Week). Both lists
 * come from configuration, since the State Council publishes them yearly.
 *
 * All days are China calendar days (see china-time.ts). The calendar is a
 * JSON-plain object so a workflow can hold it in state or take it as input.
 */
import { addDays, isoWeekday, parseIsoDate, toDayNumber, type IsoDate } from './calendar-date';
import { chinaDate, endOfChinaDay } from './china-time';

export interface BusinessCalendar {
  /** Sorted, distinct 'YYYY-MM-DD' days that are not business days although they fall Monday-Friday. */
  readonly holidays: readonly IsoDate[];
  /** Sorted, distinct 'YYYY-MM-DD' weekend days that are business days. */
  readonly extraWorkingDays: readonly IsoDate[];
}

export interface BusinessCalendarConfig {
  holidays: readonly IsoDate[];
  extraWorkingDays?: readonly IsoDate[];
}

function sortedDistinctDates(dates: readonly IsoDate[], listName: string): IsoDate[] {
  for (const date of dates) {
    if (!parseIsoDate(date)) throw new RangeError(`${listName}: not a real 'YYYY-MM-DD' date: ${JSON.stringify(date)}`);
  }
  return [...new Set(dates)].sort();
}

/**
 * Builds a calendar from configuration. Throws on a malformed date or a day
 * listed both as holiday and as working day: a configuration error should
 * stop start-up, not silently pick one meaning.
 */
export function createBusinessCalendar(config: BusinessCalendarConfig): BusinessCalendar {
  const holidays = sortedDistinctDates(config.holidays, 'holidays');
  const extraWorkingDays = sortedDistinctDates(config.extraWorkingDays ?? [], 'extraWorkingDays');
  const both = holidays.filter((date) => extraWorkingDays.includes(date));
  if (both.length > 0) {
    throw new RangeError(`listed both as holiday and as extra working day: ${both.join(', ')}`);
  }
  return { holidays, extraWorkingDays };
}

/** R-G6: a listed extra working day is a business day; a listed holiday is not; otherwise Monday-Friday. */
export function isBusinessDay(date: IsoDate, calendar: BusinessCalendar): boolean {
  if (calendar.extraWorkingDays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  return isoWeekday(date) <= 5;
}

function assertBusinessDayCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`a business-day count must be a whole number of 0 or more, got ${count}`);
  }
}

/**
 * The n-th business day after `date` (the day itself never counts, whether or
 * not it is a business day). n = 0 gives `date` back.
 */
export function addBusinessDaysToDate(date: IsoDate, businessDays: number, calendar: BusinessCalendar): IsoDate {
  assertBusinessDayCount(businessDays);
  let day = date;
  for (let remaining = businessDays; remaining > 0; ) {
    day = addDays(day, 1);
    if (isBusinessDay(day, calendar)) remaining--;
  }
  return day;
}

/**
 * R-G6: the deadline for something due "within n business days" of
 * `startEpochMs`, as epoch ms.
 *
 * Chosen reading: the work may take until the END of the n-th business day
 * after the start day, China time. The start day never counts (a review asked
 * for at 23:00 on Friday still gets all of Monday and Tuesday for "2 business
 * days"), and the returned instant is 24:00 China time of that day, i.e.
 * 16:00 UTC, the first instant past the deadline. A timer set to it fires as
 * the day ends. n = 0 means the end of the start day.
 *
 * Example: start Friday 2026-11-27 10:00 China, n = 1 → end of Monday
 * 2026-11-30 → 2026-11-30T16:00:00Z.
 */
export function addBusinessDays(startEpochMs: number, businessDays: number, calendar: BusinessCalendar): number {
  return endOfChinaDay(addBusinessDaysToDate(chinaDate(startEpochMs), businessDays, calendar));
}

/**
 * Business days d with `from` < d <= `to`, so that
 * businessDaysBetween(d, addBusinessDaysToDate(d, n)) === n.
 * Negative (the same count, negated) when `to` is before `from`.
 * Takes dates, not instants: use `chinaDate(epochMs)` to get them.
 */
export function businessDaysBetween(from: IsoDate, to: IsoDate, calendar: BusinessCalendar): number {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  if (end < start) return -businessDaysBetween(to, from, calendar);
  let count = 0;
  for (let day = addDays(from, 1), n = start + 1; n <= end; n++, day = addDays(day, 1)) {
    if (isBusinessDay(day, calendar)) count++;
  }
  return count;
}
