import { ageOn, isAdultOn } from '../age';

describe('age on a day (R-P3)', () => {
  it('counts full years, completing a year on the birthday itself', () => {
    expect(ageOn('2008-11-24', '2026-11-23')).toBe(17);
    expect(ageOn('2008-11-24', '2026-11-24')).toBe(18);
    expect(ageOn('1949-12-31', '2026-11-24')).toBe(76);
  });

  it('R-P3: someone whose 18th birthday is today is adult', () => {
    expect(isAdultOn('2008-11-24', '2026-11-24')).toBe(true);
  });

  it('R-P3: someone who turns 18 tomorrow is not adult yet', () => {
    expect(isAdultOn('2008-11-25', '2026-11-24')).toBe(false);
  });

  it('R-P3: born on Feb 29, one turns 18 on Mar 1 in a common year', () => {
    expect(isAdultOn('2008-02-29', '2026-02-28')).toBe(false);
    expect(isAdultOn('2008-02-29', '2026-03-01')).toBe(true);
  });

  it('R-P3: born on Feb 29, one turns a year older on Feb 29 in a leap year', () => {
    expect(ageOn('2008-02-29', '2028-02-28')).toBe(19);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('is negative before birth', () => {
    expect(ageOn('2026-11-25', '2026-11-24')).toBe(-1);
  });

  it('refuses dates that do not exist', () => {
    expect(() => ageOn('2023-02-29', '2026-11-24')).toThrow(RangeError);
    expect(() => isAdultOn('2008-11-24', '24/11/2026')).toThrow(RangeError);
  });
});
