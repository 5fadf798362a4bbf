import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import publishedSchedule from 'chinese-days/dist/chinese-days.json';
import {
  businessDaysAfter,
  calendarBetween,
  calendarForStart,
  calendarReach,
  festivalDates,
  loadCalendarInForce,
  logCalendarReach,
  statutoryHolidays,
  type CalendarExtensionSources,
  type CalendarInForce,
} from '../../config/business-calendar';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import { addBusinessDays, addBusinessDaysToDate, addDays, isBusinessDay, isoWeekday, startOfChinaDay } from '../../domain';

function inForce(sources: CalendarExtensionSources = {}): CalendarInForce {
  const problems: string[] = [];
  const calendar = loadCalendarInForce(sources, problems);
  expect(problems).toEqual([]);
  return calendar;
}

function extensionFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'calendar-')), 'calendar.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The published 2027 schedule's Spring Festival as an operator would enter it (an example: bridges over the statutory four days, two Saturdays worked). */
const SPRING_FESTIVAL_2027 = {
  source: 'example notice for 2027',
  holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
  extraWorkingDays: ['2027-01-30', '2027-02-20'],
};

const noon = (date: string) => startOfChinaDay(date) + 12 * 3600_000;
const published = publishedSchedule as { holidays: Record<string, string>; workdays: Record<string, string> };

describe('R-G6: the business-day calendar from the published schedule (chinese-days)', () => {
  const calendar = inForce();
  const window = calendarBetween(calendar, '2026-01-01', '2027-12-31');

  it('R-G6: takes holidays and worked weekends from the library, and reaches the end of its last year', () => {
    expect(calendar.library).toEqual({ name: 'chinese-days', version: '1.5.7', firstYear: 2004, lastYear: 2026 });
    expect(calendar.extension).toBeNull();
    expect(calendar.coveredThrough).toBe('2026-12-31');
    expect(calendar.listed['2026-10-01']).toEqual({ date: '2026-10-01', name: '国庆节 National Day', source: 'library' });
  });

  it('R-G6: Spring Festival 2026 (15 to 23 February) is no business day; the Saturdays worked around it are', () => {
    for (let day = '2026-02-15'; day <= '2026-02-23'; day = addDays(day, 1)) expect({ day, business: isBusinessDay(day, window) }).toEqual({ day, business: false });
    expect(isoWeekday('2026-02-14')).toBe(6);
    expect(isBusinessDay('2026-02-14', window)).toBe(true);
    expect(isBusinessDay('2026-02-28', window)).toBe(true);
    // A review asked for on Friday 13 February with 2 business days: Saturday 14th (调休) and Tuesday 24th.
    expect(businessDaysAfter(calendar, '2026-02-13', 2).date).toBe('2026-02-24');
  });

  it('R-G6: a 调休 Saturday is a business day, an ordinary one is not', () => {
    expect(isoWeekday('2026-09-20')).toBe(7);
    expect(isBusinessDay('2026-09-20', window)).toBe(true);
    expect(isoWeekday('2026-10-10')).toBe(6);
    expect(isBusinessDay('2026-10-10', window)).toBe(true);
    expect(isBusinessDay('2026-10-17', window)).toBe(false);
    expect(businessDaysAfter(calendar, '2026-10-09', 1)).toMatchObject({ date: '2026-10-10', businessDays: ['2026-10-10'], skipped: [] });
  });

  it('R-G6: 2027-01-01, a Friday, is no business day although the library stops at 2026: past its reach the statutory holidays count', () => {
    expect(isoWeekday('2027-01-01')).toBe(5);
    expect(isBusinessDay('2027-01-01', window)).toBe(false);
    // A review due in 2 business days from Wednesday 30 December 2026: Thursday 31st, then Monday 4 January.
    expect(addBusinessDays(noon('2026-12-30'), 2, calendarForStart(calendar, noon('2026-12-30')))).toBe(startOfChinaDay('2027-01-05'));
    const answer = businessDaysAfter(calendar, '2026-12-30', 2);
    expect(answer).toMatchObject({ date: '2027-01-04', beyondReach: true, deadline: '2027-01-04T16:00:00.000Z' });
    expect(answer.skipped[0]).toEqual({ date: '2027-01-01', reason: 'holiday', name: "元旦 New Year's Day, statutory", source: 'provisional' });
  });

  it('R-G6: Spring Festival 2027, past the library, keeps its statutory days (除夕 Friday 5 February to 初三 Monday 8 February)', () => {
    expect(statutoryHolidays(2027).map((day) => day.date)).toEqual([
      '2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05',
      '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03',
    ]);
    expect(isBusinessDay('2027-02-05', window)).toBe(false);
    expect(isBusinessDay('2027-02-08', window)).toBe(false);
    expect(isBusinessDay('2027-02-09', window)).toBe(true);
    expect(businessDaysAfter(calendar, '2027-02-04', 1).date).toBe('2027-02-09');
  });

  it('R-G6: a day two festivals share is listed once, with both names (中秋 on 国庆节, 3 October 2028)', () => {
    const days = statutoryHolidays(2028);
    expect(days.filter((day) => day.date === '2028-10-03')).toEqual([
      { date: '2028-10-03', name: '中秋 Mid-autumn Festival, 国庆节 National Day, statutory', source: 'provisional' },
    ]);
    expect(new Set(days.map((day) => day.date)).size).toBe(days.length);
    const started = calendarForStart(calendar, noon('2026-12-02'));
    expect(new Set(started.holidays).size).toBe(started.holidays.length);
  });

  it('R-G6: the statutory rule gives, for every year under the revised law the library carries, days the published schedule holds as holidays', () => {
    for (const year of [2025, 2026]) {
      for (const day of statutoryHolidays(year)) expect({ day: day.date, published: day.date in published.holidays }).toEqual({ day: day.date, published: true });
    }
  });

  it('R-G6: Spring Festival, Qingming, Dragon Boat and Mid-autumn are computed as the library published them for 2008..2026, in any time zone of the host', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        for (let year = 2008; year <= 2026; year++) {
          // Weekdays: the ones that change a count (the library leaves out some weekend festival days of older years).
          for (const [festival, date] of Object.entries(festivalDates(year)).filter(([, day]) => isoWeekday(day) <= 5)) {
            expect({ tz, festival, date, published: date in published.holidays }).toEqual({ tz, festival, date, published: true });
          }
        }
      }
    } finally {
      process.env.TZ = zone;
      if (zone === undefined) delete process.env.TZ;
    }
  });

  it('R-G6: a process is given only the days it can need, from its start to two years on, weekday holidays and weekend working days only', () => {
    const started = calendarForStart(calendar, noon('2026-12-02'));
    expect(started.holidays[0]! >= '2026-11-25').toBe(true);
    expect(started.holidays).toContain('2027-01-01');
    expect(started.holidays.at(-1)! <= '2028-12-31').toBe(true);
    expect(started.holidays.every((date) => isoWeekday(date) <= 5)).toBe(true);
    expect(started.extraWorkingDays.every((date) => isoWeekday(date) > 5)).toBe(true);
    expect(JSON.parse(JSON.stringify(started))).toEqual(started);
  });
});

describe('R-G6: the operators\' extension', () => {
  it('R-G6: a file declaring 2027 complete extends the reach to 2027-12-31 and its days count: Spring Festival 2027 with its bridges and worked Saturdays', () => {
    const calendar = inForce({ file: extensionFile({ ...SPRING_FESTIVAL_2027, completeYears: [2027] }) });
    expect(calendar.coveredThrough).toBe('2027-12-31');
    expect(calendar.extension).toMatchObject({ note: 'example notice for 2027', years: [2027], completeYears: [2027], holidays: SPRING_FESTIVAL_2027.holidays });
    const window = calendarBetween(calendar, '2027-01-01', '2027-12-31');
    expect(isBusinessDay('2027-01-01', window)).toBe(false);
    for (const day of ['2027-02-09', '2027-02-10', '2027-02-11']) expect(isBusinessDay(day, window)).toBe(false);
    expect(isoWeekday('2027-01-30')).toBe(6);
    expect(isBusinessDay('2027-01-30', window)).toBe(true);
    // Declared complete, 2027 has no provisional days: Qingming 2027 is not in the file, so it is an ordinary Monday.
    expect(isBusinessDay('2027-04-05', window)).toBe(true);
    expect(businessDaysAfter(calendar, '2027-01-29', 3)).toMatchObject({ date: '2027-02-02', businessDays: ['2027-01-30', '2027-02-01', '2027-02-02'], beyondReach: false });
  });

  it('R-G6: the extension wins over the library for the days it names', () => {
    // The library has 2026-10-08 as no holiday and 2026-10-10 (a Saturday) worked; the operator says otherwise.
    const calendar = inForce({ holidays: ['2026-10-08'], extraWorkingDays: ['2026-10-05'], file: extensionFile({ holidays: ['2026-10-10'] }) });
    const window = calendarBetween(calendar, '2026-01-01', '2026-12-31');
    expect(isBusinessDay('2026-10-08', window)).toBe(false);
    expect(isBusinessDay('2026-10-10', window)).toBe(false);
    expect(isBusinessDay('2026-10-05', window)).toBe(true);
    expect(calendar.listed['2026-10-05']).toEqual({ date: '2026-10-05', name: null, source: 'extension' });
    // Naming 2026 days covers nothing new.
    expect(calendar.coveredThrough).toBe('2026-12-31');
  });

  it('R-G6: a year after a gap is not reach: 2028 named without 2027 leaves the calendar ending 2026-12-31', () => {
    const gap = inForce({ holidays: ['2028-01-03'], extraWorkingDays: ['2028-01-26'] });
    expect(gap.coveredThrough).toBe('2026-12-31');
    // Past the reach the statutory days count, but a day the extension names is the extension's.
    const window = calendarBetween(gap, '2027-01-01', '2028-12-31');
    expect(window.holidays).toEqual(expect.arrayContaining(['2027-01-01', '2028-01-03', '2028-01-25', '2028-01-27']));
    expect(window.holidays).not.toContain('2028-01-26');
    expect(isBusinessDay('2028-01-26', window)).toBe(true);
    expect(inForce({ holidays: ['2028-01-03', '2027-01-01'] }).coveredThrough).toBe('2026-12-31');
    expect(inForce({ holidays: ['2028-01-03', '2027-01-01'], completeYears: ['2027', '2028'] }).coveredThrough).toBe('2028-12-31');
    // 2028 complete after the gap: its days are the extension's alone, 2027's the provisional ones.
    const completeAfterGap = calendarBetween(inForce({ holidays: ['2028-01-03'], completeYears: ['2028'] }), '2027-01-01', '2028-12-31');
    expect(completeAfterGap.holidays).toContain('2027-02-05');
    expect(completeAfterGap.holidays).not.toContain('2028-01-25');
  });

  it('R-G6: an operator extension that names one day of 2027 (HOLIDAYS=2027-01-01) keeps the other statutory holidays of 2027', () => {
    const noon2026 = noon('2026-12-02');
    const library = calendarForStart(inForce(), noon2026);
    const extended = inForce({ holidays: ['2027-01-01'] });
    expect(extended.extension).toMatchObject({ years: [2027], completeYears: [] });
    const withExtension = calendarForStart(extended, noon2026);
    // 除夕 (Fri 5 Feb 2027), 初三 (Mon 8 Feb), 清明 (Mon 5 Apr), 国庆 (Fri 1 Oct): statutory, whatever the yearly notice adds.
    for (const day of ['2027-02-05', '2027-02-08', '2027-04-05', '2027-10-01']) {
      expect({ day, library: isBusinessDay(day, library) }).toEqual({ day, library: false });
      expect({ day, withExtension: isBusinessDay(day, withExtension) }).toEqual({ day, withExtension: false });
    }
    expect(isBusinessDay('2027-01-01', withExtension)).toBe(false);
    expect(businessDaysAfter(extended, '2027-02-04', 1).date).toBe('2027-02-09');
  });

  it('R-G6: an extension that names one day of a year does not silence the reach warning for that year', () => {
    const reach = calendarReach(inForce({ holidays: ['2027-01-01'] }), noon('2026-12-02'), 10);
    expect(reach.coveredThrough).toBe('2026-12-31');
    expect(reach.warning).not.toBeNull();
  });

  it('R-G6: refuses a complete year that is not a year, or that the extension names no holiday in', () => {
    const problemsOf = (sources: CalendarExtensionSources) => {
      const problems: string[] = [];
      loadCalendarInForce(sources, problems);
      return problems;
    };
    expect(problemsOf({ holidays: ['2027-01-01'], completeYears: ['27'] })).toEqual(['CALENDAR_COMPLETE_YEARS: the list has "27", not a year']);
    expect(problemsOf({ holidays: ['2027-01-01'], completeYears: ['2028'] })).toEqual([
      'CALENDAR_COMPLETE_YEARS: 2028 is declared complete, but the extension names no holiday in it: list its whole schedule, or leave it out',
    ]);
    const file = extensionFile({ holidays: ['2027-01-01'], completeYears: '2027' });
    expect(problemsOf({ file })).toEqual([`BUSINESS_CALENDAR_FILE (${file}): "completeYears" must be an array of years (e.g. [2027]) whose whole schedule the file gives`]);
  });

  it('R-G6: refuses malformed dates, a day both holiday and working day, and an unreadable or malformed file, naming the source', () => {
    const problemsOf = (sources: CalendarExtensionSources) => {
      const problems: string[] = [];
      loadCalendarInForce(sources, problems);
      return problems;
    };
    expect(problemsOf({ holidays: ['2027-02-30', '2027/01/01'] })).toEqual([
      'HOLIDAYS: the list has "2027-02-30", not a real YYYY-MM-DD date',
      'HOLIDAYS: the list has "2027/01/01", not a real YYYY-MM-DD date',
    ]);
    const file = extensionFile({ holidays: ['2027-02-06'] });
    expect(problemsOf({ file, extraWorkingDays: ['2027-02-06'] })).toEqual([
      `2027-02-06 is listed both as holiday (BUSINESS_CALENDAR_FILE (${file})) and as extra working day (EXTRA_WORKING_DAYS): it must be one or the other`,
    ]);
    expect(problemsOf({ file: '/nonexistent/calendar.json' })).toEqual(['BUSINESS_CALENDAR_FILE (/nonexistent/calendar.json) cannot be read: ENOENT']);
    const notJson = extensionFile('{holidays:');
    expect(problemsOf({ file: notJson })[0]).toMatch(/^BUSINESS_CALENDAR_FILE \(.*\) is not JSON/);
    const misspelt = extensionFile({ holidays: [], workdays: ['2027-02-20'] });
    expect(problemsOf({ file: misspelt })).toEqual([`BUSINESS_CALENDAR_FILE (${misspelt}) has unknown keys "workdays": only "holidays", "extraWorkingDays", "completeYears" and "source"`]);
    const wrongType = extensionFile({ holidays: '2027-01-01' });
    expect(problemsOf({ file: wrongType })).toEqual([`BUSINESS_CALENDAR_FILE (${wrongType}): "holidays" must be an array of "YYYY-MM-DD" strings`]);
    expect(problemsOf({ file: extensionFile(['2027-01-01']) })[0]).toMatch(/must be a JSON object/);
  });
});

describe('R-G6: how far the calendar reaches', () => {
  const calendar = inForce();

  it('R-G6: counts the days left to its last day and warns within 60 days, naming what to do', () => {
    expect(calendarReach(calendar, noon('2026-10-01'))).toEqual({ coveredThrough: '2026-12-31', reachDays: 91, warning: null });
    const soon = calendarReach(calendar, noon('2026-12-02'));
    expect(soon.reachDays).toBe(29);
    expect(soon.warning).toMatch(/^R-G6: the published business-day calendar reaches 2026-12-31 \(chinese-days 1\.5\.7\); it ends in 29 days\./);
    expect(soon.warning).toContain('BUSINESS_CALENDAR_FILE');
    expect(calendarReach(calendar, noon('2027-01-10'))).toMatchObject({ reachDays: -10, warning: expect.stringContaining('it ended 10 days ago') });
    expect(calendarReach(calendar, noon('2026-11-01')).warning).toContain('it ends in 60 days');
    expect(calendarReach(calendar, noon('2026-10-31')).warning).toBeNull();
  });

  it('R-G6: warns, earlier than 60 days, when the longest business-day deadline starting today would end past it', () => {
    const reach = calendarReach(calendar, noon('2026-09-01'), 120);
    expect(reach.reachDays).toBe(121);
    expect(reach.warning).toMatch(/a deadline of 120 business days starting today ends 2027-\d\d-\d\d, past it/);
  });

  it('R-G6: an extension declaring the next year complete moves the reach, and the warning goes', () => {
    const extended = inForce({ holidays: SPRING_FESTIVAL_2027.holidays, extraWorkingDays: SPRING_FESTIVAL_2027.extraWorkingDays, completeYears: ['2027'] });
    expect(calendarReach(extended, noon('2026-12-02'))).toEqual({ coveredThrough: '2027-12-31', reachDays: 394, warning: null });
  });

  it('R-G6: the API and the worker log it at start-up: a warning naming dates and variables only, or the calendar in force', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } });
    const config = loadConfig({ REVIEW_EXPIRY_BUSINESS_DAYS: '10' });
    logCalendarReach(logger, config, noon('2026-12-02'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: expect.stringMatching(/^R-G6: the published business-day calendar reaches 2026-12-31 .* it ends in 29 days/),
      calendar: { library: 'chinese-days 1.5.7 (2004-2026)', extension: null, coveredThrough: '2026-12-31', reachDays: 29 },
    });
    logCalendarReach(logger, loadConfig({ HOLIDAYS: '2027-01-01', CALENDAR_COMPLETE_YEARS: '2027' }), noon('2026-12-02'));
    expect(lines[1]).toMatchObject({
      level: 30,
      msg: 'R-G6: business-day calendar in force',
      calendar: { extension: { origins: ['HOLIDAYS', 'CALENDAR_COMPLETE_YEARS'], years: [2027], completeYears: [2027] }, coveredThrough: '2027-12-31' },
    });
  });
});

describe('R-G6: past the reach, a deadline can come early', () => {
  it('R-G6: the provisional calendar (statutory days only) can end a deadline before the published one would: bridges count as business days, so operators are warned', () => {
    // 2026 as a year whose schedule we know: the provisional rule against the published one.
    const published = calendarBetween(inForce(), '2026-01-01', '2026-12-31');
    const provisional = { holidays: statutoryHolidays(2026).map((day) => day.date), extraWorkingDays: [] };
    const early: string[] = [];
    const late: string[] = [];
    for (let day = Date.parse('2026-01-01T00:00:00Z'); day < Date.parse('2026-12-20T00:00:00Z'); day += 86_400_000) {
      const from = new Date(day).toISOString().slice(0, 10);
      // The review SLA (2 business days, R-E6.3).
      const guessed = addBusinessDaysToDate(from, 2, provisional);
      const known = addBusinessDaysToDate(from, 2, published);
      if (guessed < known) early.push(from);
      if (guessed > known) late.push(from);
    }
    // Early: from 2026-02-13 the provisional deadline falls inside Spring Festival's bridges; late: a worked Saturday is missing.
    expect(early).toContain('2026-02-13');
    expect(late.length).toBeGreaterThan(0);
  });
});
