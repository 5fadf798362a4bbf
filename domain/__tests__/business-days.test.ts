import {
  addBusinessDays,
  addBusinessDaysToDate,
  businessDaysBetween,
  createBusinessCalendar,
  isBusinessDay,
} from '../business-days';

// Week of 2026-11-23: Mon 23 ... Fri 27, Sat 28, Sun 29, Mon 30, Tue Dec 1.
const plain = createBusinessCalendar({ holidays: [] });
const mondayHoliday = createBusinessCalendar({ holidays: ['2026-11-30'] });
const sundayWorked = createBusinessCalendar({ holidays: [], extraWorkingDays: ['2026-11-29'] });

const iso = (epochMs: number) => new Date(epochMs).toISOString();

describe('business days (R-G6)', () => {
  it('R-G6: Monday to Friday are business days, the weekend is not', () => {
    expect(isBusinessDay('2026-11-23', plain)).toBe(true);
    expect(isBusinessDay('2026-11-27', plain)).toBe(true);
    expect(isBusinessDay('2026-11-28', plain)).toBe(false);
    expect(isBusinessDay('2026-11-29', plain)).toBe(false);
  });

  it('R-G6: a listed public holiday is not a business day', () => {
    expect(isBusinessDay('2026-11-30', mondayHoliday)).toBe(false);
    expect(isBusinessDay('2026-12-01', mondayHoliday)).toBe(true);
  });

  it('R-G6: a listed make-up working day on a weekend is a business day', () => {
    expect(isBusinessDay('2026-11-29', sundayWorked)).toBe(true);
    expect(isBusinessDay('2026-11-28', sundayWorked)).toBe(false);
  });

  it('R-G6: Friday + 1 business day = Monday', () => {
    expect(addBusinessDaysToDate('2026-11-27', 1, plain)).toBe('2026-11-30');
  });

  it('R-G6: Friday + 1 business day = Tuesday when Monday is a holiday', () => {
    expect(addBusinessDaysToDate('2026-11-27', 1, mondayHoliday)).toBe('2026-12-01');
  });

  it('R-G6: Friday + 1 business day = Sunday when that Sunday is a make-up working day', () => {
    expect(addBusinessDaysToDate('2026-11-27', 1, sundayWorked)).toBe('2026-11-29');
  });

  it('R-G6: a start on a weekend does not count the start day', () => {
    expect(addBusinessDaysToDate('2026-11-28', 1, plain)).toBe('2026-11-30');
    expect(addBusinessDaysToDate('2026-11-28', 2, plain)).toBe('2026-12-01');
  });

  it('R-G6: spans a long holiday such as National Day week with its make-up days', () => {
    const nationalDay = createBusinessCalendar({
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      extraWorkingDays: ['2026-09-27', '2026-10-10'],
    });
    // Wed 2026-09-30 + 2: Oct 1-7 off (weekend 3-4 too), Thu Oct 8, Fri Oct 9.
    expect(addBusinessDaysToDate('2026-09-30', 2, nationalDay)).toBe('2026-10-09');
    // + 3 lands on the worked Saturday Oct 10.
    expect(addBusinessDaysToDate('2026-09-30', 3, nationalDay)).toBe('2026-10-10');
  });

  it('R-G6: the deadline is the end of the n-th business day, China time (16:00 UTC)', () => {
    const fridayMorningChina = Date.parse('2026-11-27T02:00:00Z'); // 10:00 Friday in China
    expect(iso(addBusinessDays(fridayMorningChina, 1, plain))).toBe('2026-11-30T16:00:00.000Z');
    expect(iso(addBusinessDays(fridayMorningChina, 1, mondayHoliday))).toBe('2026-12-01T16:00:00.000Z');
    expect(iso(addBusinessDays(fridayMorningChina, 2, plain))).toBe('2026-12-01T16:00:00.000Z');
  });

  it('R-G6: the start day is the China day: Friday 16:30 UTC is already Saturday in China', () => {
    const fridayEveningUtc = Date.parse('2026-11-27T16:30:00Z'); // 00:30 Saturday in China
    expect(iso(addBusinessDays(fridayEveningUtc, 1, plain))).toBe('2026-11-30T16:00:00.000Z');
    expect(iso(addBusinessDays(fridayEveningUtc, 2, plain))).toBe('2026-12-01T16:00:00.000Z');
    const thursdayEveningUtc = Date.parse('2026-11-26T16:30:00Z'); // 00:30 Friday in China
    expect(iso(addBusinessDays(thursdayEveningUtc, 1, plain))).toBe('2026-11-30T16:00:00.000Z');
  });

  it('R-G6: zero business days means the end of the start day', () => {
    expect(iso(addBusinessDays(Date.parse('2026-11-27T02:00:00Z'), 0, plain))).toBe('2026-11-27T16:00:00.000Z');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addBusinessDaysToDate('2026-11-27', -1, plain)).toThrow(RangeError);
    expect(() => addBusinessDays(0, 1.5, plain)).toThrow(RangeError);
  });

  it('R-G6: counts business days after one date up to and including another', () => {
    expect(businessDaysBetween('2026-11-27', '2026-11-30', plain)).toBe(1);
    expect(businessDaysBetween('2026-11-27', '2026-11-30', mondayHoliday)).toBe(0);
    expect(businessDaysBetween('2026-11-23', '2026-11-30', plain)).toBe(5);
    expect(businessDaysBetween('2026-11-27', '2026-11-27', plain)).toBe(0);
    expect(businessDaysBetween('2026-11-30', '2026-11-27', plain)).toBe(-1);
  });

  it('R-G6: counting undoes adding, for every start day of a year and n up to 10', () => {
    const calendar = createBusinessCalendar({
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2026-12-25'],
      extraWorkingDays: ['2026-09-27', '2026-10-10'],
    });
    for (let month = 1; month <= 12; month++) {
      const start = `2026-${String(month).padStart(2, '0')}-15`;
      for (let n = 0; n <= 10; n++) {
        expect(businessDaysBetween(start, addBusinessDaysToDate(start, n, calendar), calendar)).toBe(n);
      }
    }
  });

  it('refuses a calendar with a malformed date or a day listed both ways', () => {
    expect(() => createBusinessCalendar({ holidays: ['2026-02-30'] })).toThrow(RangeError);
    expect(() => createBusinessCalendar({ holidays: ['2026-11-29'], extraWorkingDays: ['2026-11-29'] })).toThrow(
      /both/,
    );
  });

  it('builds a JSON-plain calendar, sorted and without duplicates, that survives a round trip', () => {
    const calendar = createBusinessCalendar({ holidays: ['2026-12-25', '2026-10-01', '2026-12-25'] });
    expect(calendar).toEqual({ holidays: ['2026-10-01', '2026-12-25'], extraWorkingDays: [] });
    const copy = JSON.parse(JSON.stringify(calendar));
    expect(isBusinessDay('2026-12-25', copy)).toBe(false);
  });
});
