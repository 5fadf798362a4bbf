import { chinaDate, endOfChinaDay, startOfChinaDay } from '../china-time';

describe('China time (UTC+8, no DST)', () => {
  it('R-P3/R-G6: 2026-11-23T16:30Z is already 2026-11-24 in China', () => {
    expect(chinaDate(Date.parse('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
  });

  it('R-P3/R-G6: the China day changes exactly at 16:00 UTC', () => {
    expect(chinaDate(Date.parse('2026-11-23T15:59:59.999Z'))).toBe('2026-11-23');
    expect(chinaDate(Date.parse('2026-11-23T16:00:00.000Z'))).toBe('2026-11-24');
  });

  it('uses the same offset in summer (China has no daylight saving time)', () => {
    expect(chinaDate(Date.parse('2026-07-01T15:59:59Z'))).toBe('2026-07-01');
    expect(chinaDate(Date.parse('2026-07-01T16:00:00Z'))).toBe('2026-07-02');
  });

  it('places a China day between 16:00 UTC the day before and 16:00 UTC that day', () => {
    expect(new Date(startOfChinaDay('2026-11-24')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(new Date(endOfChinaDay('2026-11-24')).toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('refuses an instant that is not a number of milliseconds', () => {
    expect(() => chinaDate(Number.NaN)).toThrow(RangeError);
  });
});
