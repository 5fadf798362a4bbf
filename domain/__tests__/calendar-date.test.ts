import {
  addDays,
  daysInMonth,
  fromDayNumber,
  isLeapYear,
  isoWeekday,
  parseIsoDate,
  toDayNumber,
} from '../calendar-date';

describe('calendar dates', () => {
  it('knows the Gregorian leap years (every 4th, not every 100th, again every 400th)', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2026)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('parses only strict YYYY-MM-DD dates that exist', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
    expect(parseIsoDate('2026-13-01')).toBeUndefined();
    expect(parseIsoDate('2026-1-5')).toBeUndefined();
    expect(parseIsoDate('2026-01-05T00:00')).toBeUndefined();
  });

  it('counts days from 1970-01-01 and back, agreeing with UTC Date for every day of 1900-2100', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    const mismatches: string[] = [];
    for (let day = toDayNumber('1900-01-01'); day <= toDayNumber('2100-12-31'); day++) {
      const expected = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (fromDayNumber(day) !== expected || toDayNumber(expected) !== day) mismatches.push(expected);
    }
    expect(mismatches).toEqual([]);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  it('names ISO weekdays, Monday = 1 to Sunday = 7', () => {
    expect(isoWeekday('2026-11-23')).toBe(1); // a Monday
    expect(isoWeekday('2026-11-27')).toBe(5); // Friday
    expect(isoWeekday('2026-11-29')).toBe(7); // Sunday
    expect(isoWeekday('1970-01-01')).toBe(4); // Thursday
  });

  it('refuses to compute with a date that does not exist', () => {
    expect(() => toDayNumber('2026-02-30')).toThrow(RangeError);
    expect(() => addDays('not a date', 1)).toThrow(RangeError);
  });
});
