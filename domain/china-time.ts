/**
 * China time: UTC+8 all year (China has observed no daylight saving time since
 * 1991), so the conversion is a fixed offset and needs no time-zone database.
 *
 * Every "day" in the rules (the day of verification for R-P3, business days
 * for R-G6) is a China calendar day, whatever the server's own zone.
 * Callers pass `now` (epoch ms); nothing here reads a clock.
 */
import { fromDayNumber, toDayNumber, type IsoDate } from './calendar-date';

export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

function assertEpochMs(epochMs: number): void {
  if (!Number.isFinite(epochMs)) throw new RangeError(`not an epoch-ms instant: ${epochMs}`);
}

/** The China calendar date at instant `now` (epoch ms): 2026-11-23T16:30Z is already '2026-11-24'. */
export function chinaDate(now: number): IsoDate {
  assertEpochMs(now);
  return fromDayNumber(Math.floor((now + CHINA_UTC_OFFSET_MS) / DAY_MS));
}

/** Epoch ms of 00:00 China time on `date` (16:00 UTC the day before). */
export function startOfChinaDay(date: IsoDate): number {
  return toDayNumber(date) * DAY_MS - CHINA_UTC_OFFSET_MS;
}

/**
 * Epoch ms of 24:00 China time on `date` (16:00 UTC that day), i.e. the first
 * instant that no longer belongs to `date`. Used as an exclusive deadline:
 * "by the end of that day" means strictly before this instant.
 */
export function endOfChinaDay(date: IsoDate): number {
  return startOfChinaDay(date) + DAY_MS;
}
