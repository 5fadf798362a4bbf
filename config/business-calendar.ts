/**
 * R-G6: the business-day calendar in force, built once at start-up.
 *
 * Three layers, the later winning for the dates it names:
 *  1. the published schedule (holidays and the weekend days worked instead,
 *     调休) as the npm package `chinese-days` carries it, from its JSON data;
 *  2. the operators' extension (BUSINESS_CALENDAR_FILE, HOLIDAYS,
 *     EXTRA_WORKING_DAYS), for the years the library does not carry yet, or
 *     to correct a day; a year counts as covered only when the extension
 *     declares it complete (`completeYears`, CALENDAR_COMPLETE_YEARS);
 *  3. past the covered years, a provisional calendar of the statutory
 *     holidays alone (全国年节及纪念日放假办法, as revised for 2025), under the
 *     extension's days: the law fixes those days years ahead, the yearly
 *     notice only adds bridges and worked weekends. So a deadline past the
 *     reach never counts a statutory holiday as a business day, but it can
 *     come EARLY (a bridge day, e.g. the days around Spring Festival or
 *     Golden Week the notice adds, counts as a business day) as well as late
 *     (a worked weekend is missing). Hence the warning before the reach
 *     (calendarReach). Running processes whose deadlines already cross it
 *     are not counted yet (their deadlines are fixed in their histories).
 *
 * The library is read here, outside workflow code, and never by a workflow:
 * each new process gets the calendar it needs in its input
 * (`calendarForStart`), so its deadlines are recorded in its history and an
 * upgrade of the library or a new extension never changes a running process
 * on replay. The workflow bundle stays free of the library's lunar tables.
 */
import { readFileSync } from 'node:fs';
import { getSolarDateFromLunar } from 'chinese-days';
import publishedSchedule from 'chinese-days/dist/chinese-days.json';
import { version as libraryVersion } from 'chinese-days/package.json';
import {
  addBusinessDaysToDate,
  addDays,
  chinaDate,
  endOfChinaDay,
  isBusinessDay,
  isoWeekday,
  parseIsoDate,
  toDayNumber,
  type BusinessCalendar,
  type IsoDate,
} from '../domain';

/** Where a listed day comes from. */
export type CalendarDaySource = 'library' | 'extension' | 'provisional';

export interface ListedDay {
  date: IsoDate;
  /** The festival, as the library or the law names it; none for an operator's day. */
  name: string | null;
  source: CalendarDaySource;
}

/** What operators added, and where from (paths and variable names, nothing else). */
export interface CalendarExtension {
  origins: string[];
  /** The file's own `source`, e.g. the notice it was copied from. */
  note: string | null;
  holidays: IsoDate[];
  extraWorkingDays: IsoDate[];
  /** Years the extension names a day in. Naming a day does not make a year covered (an operator may correct one day). */
  years: number[];
  /**
   * Years the operator declares the extension gives whole (the file's
   * `completeYears`, CALENDAR_COMPLETE_YEARS): only these count as covered
   * and get no provisional days; in any other year the extension's days lie
   * over the provisional statutory ones.
   */
  completeYears: number[];
}

export interface CalendarInForce {
  library: { name: 'chinese-days'; version: string; firstYear: number; lastYear: number };
  extension: CalendarExtension | null;
  /** The last day whose schedule is known (the library's last year, or the extension's complete years that follow it without a gap). */
  coveredThrough: IsoDate;
  /** Library and extension merged, the extension winning; provisional days are not in it (see calendarBetween). */
  calendar: BusinessCalendar;
  /** Name and source of every listed day of `calendar`. */
  listed: Record<IsoDate, ListedDay>;
}

/** The warning threshold of R-G6: a calendar that ends within this many days is reported. */
export const CALENDAR_WARNING_DAYS = 60;

/** How many years past the start of a process its calendar reaches: a review expires within 250 business days. */
const START_WINDOW_YEARS = 2;

interface PublishedSchedule {
  holidays: Record<IsoDate, string>;
  workdays: Record<IsoDate, string>;
}

const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));
const endOfYear = (year: number): IsoDate => `${String(year).padStart(4, '0')}-12-31`;

/** 'Spring Festival,春节,4' as '春节 Spring Festival'. */
function libraryName(label: string): string {
  const [english, chinese] = label.split(',');
  return [chinese, english].filter((part) => part !== undefined && part !== '').join(' ');
}

function library(): { holidays: ListedDay[]; extraWorkingDays: ListedDay[]; firstYear: number; lastYear: number } {
  const schedule = publishedSchedule as PublishedSchedule;
  const listed = (days: Record<IsoDate, string>) => Object.entries(days).map(([date, label]) => ({ date, name: libraryName(label), source: 'library' as const }));
  const holidays = listed(schedule.holidays);
  const extraWorkingDays = listed(schedule.workdays);
  const years = [...holidays, ...extraWorkingDays].map((day) => yearOf(day.date));
  return { holidays, extraWorkingDays, firstYear: Math.min(...years), lastYear: Math.max(...years) };
}

/**
 * Qingming (清明) falls on 4 or 5 April: the 寿星 formula for the 21st
 * century (the library's own solar-term function depends on the host's time
 * zone, so it is not used). Checked against every published year in the tests.
 */
function qingming(year: number): IsoDate {
  const y = year % 100;
  const day = Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
  return `${year}-04-${String(day).padStart(2, '0')}`;
}

/** The formula above and the library's lunar tables hold through 2099. */
const LAST_STATUTORY_YEAR = 2099;

/** The solar date of a lunar month and day of a lunar year; a local Date, as the library reads its input's local fields. */
function fromLunar(year: number, month: number, day: number): IsoDate {
  return getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

/**
 * R-G6: the statutory public holidays of a year (国务院《全国年节及纪念日放假办法》,
 * 2025 revision): 元旦 1 day, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2, 端午 1,
 * 中秋 1, 国庆节 3. Weekends among them included; no bridges, no worked
 * weekends: those come with the yearly notice only.
 */
export function statutoryHolidays(year: number): ListedDay[] {
  if (!Number.isSafeInteger(year) || year < 2025 || year > LAST_STATUTORY_YEAR) throw new RangeError(`statutory holidays are computed for 2025..${LAST_STATUTORY_YEAR}, not ${year}`);
  const festivals = festivalDates(year);
  const days: Array<[IsoDate, string]> = [
    [`${year}-01-01`, "元旦 New Year's Day"],
    [addDays(festivals.springFestival, -1), '春节 Spring Festival (除夕)'],
    [festivals.springFestival, '春节 Spring Festival'],
    [addDays(festivals.springFestival, 1), '春节 Spring Festival'],
    [addDays(festivals.springFestival, 2), '春节 Spring Festival'],
    [festivals.qingming, '清明 Tomb-sweeping Day'],
    [`${year}-05-01`, '劳动节 Labour Day'],
    [`${year}-05-02`, '劳动节 Labour Day'],
    [festivals.dragonBoat, '端午 Dragon Boat Festival'],
    [festivals.midAutumn, '中秋 Mid-autumn Festival'],
    [`${year}-10-01`, '国庆节 National Day'],
    [`${year}-10-02`, '国庆节 National Day'],
    [`${year}-10-03`, '国庆节 National Day'],
  ];
  // Two festivals can fall on one day (中秋 on 3 October 2028): one day, both names.
  const names = new Map<IsoDate, string[]>();
  for (const [date, name] of days) names.set(date, [...(names.get(date) ?? []), name]);
  return [...names]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, named]) => ({ date, name: `${named.join(', ')}, statutory`, source: 'provisional' as const }));
}

/** The solar dates of the festivals that move: 春节 (正月初一), 清明, 端午 (五月初五), 中秋 (八月十五). */
export function festivalDates(year: number): { springFestival: IsoDate; qingming: IsoDate; dragonBoat: IsoDate; midAutumn: IsoDate } {
  return { springFestival: fromLunar(year, 1, 1), qingming: qingming(year), dragonBoat: fromLunar(year, 5, 5), midAutumn: fromLunar(year, 8, 15) };
}

/** The operator's sources, as config/index.ts read them from the environment. */
export interface CalendarExtensionSources {
  /** BUSINESS_CALENDAR_FILE: JSON `{ "holidays": [...], "extraWorkingDays": [...], "completeYears"?: [2027], "source"?: "..." }`. */
  file?: string;
  /** HOLIDAYS, EXTRA_WORKING_DAYS and CALENDAR_COMPLETE_YEARS, comma-separated; undefined when unset. */
  holidays?: string[];
  extraWorkingDays?: string[];
  completeYears?: string[];
}

interface ExtensionPart {
  origin: string;
  holidays: string[];
  extraWorkingDays: string[];
  completeYears: unknown[];
  note?: string;
}

const FILE_KEYS = new Set(['holidays', 'extraWorkingDays', 'completeYears', 'source']);

function readExtensionFile(path: string, problems: string[]): ExtensionPart | null {
  const where = `BUSINESS_CALENDAR_FILE (${path})`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`${where} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`${where} is not JSON: expected {"holidays": ["YYYY-MM-DD", ...], "extraWorkingDays": ["YYYY-MM-DD", ...]}`);
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${where} must be a JSON object {"holidays": [...], "extraWorkingDays": [...]}`);
    return null;
  }
  const fields = parsed as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !FILE_KEYS.has(key));
  // A misspelt list ("workdays") would otherwise be ignored, and its days counted as ordinary ones.
  if (unknown.length > 0) problems.push(`${where} has unknown keys ${unknown.map((key) => JSON.stringify(key)).join(', ')}: only "holidays", "extraWorkingDays", "completeYears" and "source"`);
  const dates = (key: 'holidays' | 'extraWorkingDays'): string[] => {
    const value = fields[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      problems.push(`${where}: "${key}" must be an array of "YYYY-MM-DD" strings`);
      return [];
    }
    return value as string[];
  };
  const completeYears = fields.completeYears ?? [];
  if (!Array.isArray(completeYears)) problems.push(`${where}: "completeYears" must be an array of years (e.g. [2027]) whose whole schedule the file gives`);
  if (fields.source !== undefined && typeof fields.source !== 'string') problems.push(`${where}: "source" must be a string (the notice the days were copied from)`);
  return {
    origin: where,
    holidays: dates('holidays'),
    extraWorkingDays: dates('extraWorkingDays'),
    completeYears: Array.isArray(completeYears) ? (completeYears as unknown[]) : [],
    ...(typeof fields.source === 'string' ? { note: fields.source } : {}),
  };
}

/** Every date real 'YYYY-MM-DD', none both holiday and working day: each problem names its source. */
function validExtension(parts: ExtensionPart[], problems: string[]): CalendarExtension | null {
  if (parts.length === 0) return null;
  const holidays = new Map<IsoDate, string[]>();
  const working = new Map<IsoDate, string[]>();
  for (const part of parts) {
    const add = (into: Map<IsoDate, string[]>, dates: string[], list: string) => {
      for (const date of dates) {
        if (!parseIsoDate(date)) problems.push(`${part.origin}: ${list} has ${JSON.stringify(date)}, not a real YYYY-MM-DD date`);
        else into.set(date, [...(into.get(date) ?? []), part.origin]);
      }
    };
    add(holidays, part.holidays, part.origin.startsWith('BUSINESS_CALENDAR_FILE') ? 'holidays' : 'the list');
    add(working, part.extraWorkingDays, part.origin.startsWith('BUSINESS_CALENDAR_FILE') ? 'extraWorkingDays' : 'the list');
  }
  for (const [date, origins] of holidays) {
    const alsoWorking = working.get(date);
    if (alsoWorking) problems.push(`${date} is listed both as holiday (${origins.join(', ')}) and as extra working day (${alsoWorking.join(', ')}): it must be one or the other`);
  }
  const sorted = (dates: Map<IsoDate, string[]>) => [...dates.keys()].sort();
  const years = [...new Set([...holidays.keys(), ...working.keys()].map(yearOf))].sort((a, b) => a - b);
  // R-G6: a year is covered only when the operator says the extension gives it whole; a complete
  // year names its holidays (every year has 元旦 at least), so one without any is a mistake.
  const completeYears = new Set<number>();
  for (const part of parts) {
    for (const year of part.completeYears) {
      const number = typeof year === 'string' && /^\d{4}$/.test(year.trim()) ? Number(year) : year;
      if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1000 || number > 9999) {
        problems.push(`${part.origin}: ${part.origin.startsWith('BUSINESS_CALENDAR_FILE') ? 'completeYears' : 'the list'} has ${JSON.stringify(year)}, not a year`);
      } else if (![...holidays.keys()].some((date) => yearOf(date) === number)) {
        problems.push(`${part.origin}: ${number} is declared complete, but the extension names no holiday in it: list its whole schedule, or leave it out`);
      } else completeYears.add(number);
    }
  }
  const notes = parts.map((part) => part.note).filter((note): note is string => note !== undefined);
  return {
    origins: parts.map((part) => part.origin),
    note: notes.length > 0 ? notes.join('; ') : null,
    holidays: sorted(holidays),
    extraWorkingDays: sorted(working),
    years,
    completeYears: [...completeYears].sort((a, b) => a - b),
  };
}

/**
 * The calendar in force: the library's schedule with the operators'
 * extension laid over it. Problems (unreadable file, malformed dates, a day
 * both holiday and working day) are pushed for the one ConfigError.
 */
export function loadCalendarInForce(sources: CalendarExtensionSources, problems: string[]): CalendarInForce {
  const published = library();
  const parts: ExtensionPart[] = [];
  if (sources.file !== undefined) {
    const part = readExtensionFile(sources.file, problems);
    if (part) parts.push(part);
  }
  if (sources.holidays !== undefined || sources.extraWorkingDays !== undefined) {
    if (sources.holidays !== undefined) parts.push({ origin: 'HOLIDAYS', holidays: sources.holidays, extraWorkingDays: [], completeYears: [] });
    if (sources.extraWorkingDays !== undefined) parts.push({ origin: 'EXTRA_WORKING_DAYS', holidays: [], extraWorkingDays: sources.extraWorkingDays, completeYears: [] });
  }
  if (sources.completeYears !== undefined) parts.push({ origin: 'CALENDAR_COMPLETE_YEARS', holidays: [], extraWorkingDays: [], completeYears: sources.completeYears });
  const extension = validExtension(parts, problems);

  const listed: Record<IsoDate, ListedDay> = {};
  const holidays = new Set<IsoDate>();
  const working = new Set<IsoDate>();
  for (const day of published.holidays) {
    holidays.add(day.date);
    listed[day.date] = day;
  }
  for (const day of published.extraWorkingDays) {
    working.add(day.date);
    listed[day.date] = day;
  }
  // The extension wins for the days it names.
  for (const date of extension?.holidays ?? []) {
    working.delete(date);
    holidays.add(date);
    listed[date] = { date, name: null, source: 'extension' };
  }
  for (const date of extension?.extraWorkingDays ?? []) {
    holidays.delete(date);
    working.add(date);
    listed[date] = { date, name: null, source: 'extension' };
  }

  // R-G6: covered: the library's years, then each following year the extension declares complete, without a gap.
  // A year it only names a day in (HOLIDAYS=2027-01-01) keeps its provisional statutory days and the warning.
  let lastCovered = published.lastYear;
  while (extension?.completeYears.includes(lastCovered + 1)) lastCovered++;
  return {
    library: { name: 'chinese-days', version: libraryVersion, firstYear: published.firstYear, lastYear: published.lastYear },
    extension,
    coveredThrough: endOfYear(lastCovered),
    calendar: { holidays: [...holidays].sort(), extraWorkingDays: [...working].sort() },
    listed,
  };
}

/** The listed days of [from, through]: the calendar in force, and past its reach the provisional statutory holidays. */
export function listedDaysBetween(inForce: CalendarInForce, from: IsoDate, through: IsoDate): { holidays: ListedDay[]; extraWorkingDays: ListedDay[] } {
  const inRange = (date: IsoDate) => date >= from && date <= through;
  const holidays = inForce.calendar.holidays.filter(inRange).map((date) => inForce.listed[date]!);
  const extraWorkingDays = inForce.calendar.extraWorkingDays.filter(inRange).map((date) => inForce.listed[date]!);
  for (let year = Math.max(yearOf(inForce.coveredThrough) + 1, yearOf(from)); year <= Math.min(yearOf(through), LAST_STATUTORY_YEAR); year++) {
    // A year the extension gives whole (after a gap) has no provisional days; in any other, a day it names is the extension's.
    if (inForce.extension?.completeYears.includes(year)) continue;
    holidays.push(...statutoryHolidays(year).filter((day) => inRange(day.date) && inForce.listed[day.date] === undefined));
  }
  return { holidays, extraWorkingDays };
}

/** The calendar of [from, through] as workflows take it: JSON-plain, only the days that can matter. */
export function calendarBetween(inForce: CalendarInForce, from: IsoDate, through: IsoDate): BusinessCalendar {
  const { holidays, extraWorkingDays } = listedDaysBetween(inForce, from, through);
  // Weekend holidays change no count; weekday working days none either.
  return {
    holidays: holidays.map((day) => day.date).filter((date) => isoWeekday(date) <= 5),
    extraWorkingDays: extraWorkingDays.map((day) => day.date).filter((date) => isoWeekday(date) > 5),
  };
}

/**
 * R-G6: the calendar a process started at `now` carries in its input: from a
 * week before its start (a margin for the clocks of API and worker) to the end
 * of the second year after, past every business-day deadline it can have.
 */
export function calendarForStart(inForce: CalendarInForce, now: number): BusinessCalendar {
  const today = chinaDate(now);
  return calendarBetween(inForce, addDays(today, -7), endOfYear(yearOf(today) + START_WINDOW_YEARS));
}

export interface CalendarReach {
  coveredThrough: IsoDate;
  /** Days from today (China) to the last covered day; negative once past it. */
  reachDays: number;
  /** Null, or what to tell operators: no personal data, only dates and variable names. */
  warning: string | null;
}

/**
 * R-G6: how far the calendar reaches from `now`, and a warning when it ends
 * within 60 days or before the longest business-day deadline starting today.
 */
export function calendarReach(inForce: CalendarInForce, now: number, longestDeadlineBusinessDays = 0): CalendarReach {
  const today = chinaDate(now);
  const reachDays = toDayNumber(inForce.coveredThrough) - toDayNumber(today);
  const longest = addBusinessDaysToDate(today, longestDeadlineBusinessDays, calendarForStart(inForce, now));
  const reasons: string[] = [];
  if (reachDays <= CALENDAR_WARNING_DAYS) reasons.push(reachDays < 0 ? `it ended ${-reachDays} days ago` : `it ends in ${reachDays} days`);
  if (longest > inForce.coveredThrough) reasons.push(`a deadline of ${longestDeadlineBusinessDays} business days starting today ends ${longest}, past it`);
  const warning =
    reasons.length === 0
      ? null
      : `R-G6: the published business-day calendar reaches ${inForce.coveredThrough} (chinese-days ${inForce.library.version}${inForce.extension ? ' and the extension' : ''}); ` +
        `${reasons.join('; ')}. Past it only the statutory holidays count (no bridges, no worked weekends): ` +
        'add the next year\'s State Council schedule with BUSINESS_CALENDAR_FILE (or HOLIDAYS and EXTRA_WORKING_DAYS), or upgrade chinese-days';
  return { coveredThrough: inForce.coveredThrough, reachDays, warning };
}

export interface BusinessDaysAnswer {
  from: IsoDate;
  days: number;
  /** The n-th business day after `from` (`from` itself never counts). */
  date: IsoDate;
  /** The first instant past a deadline of n business days started on `from`: 24:00 China time of `date`. */
  deadline: string;
  /** The days counted, in order. */
  businessDays: IsoDate[];
  /** The days passed over, each with why. */
  skipped: Array<{ date: IsoDate; reason: 'weekend' | 'holiday'; name: string | null; source: CalendarDaySource | null }>;
  /** Whether `date` lies past the reach, where only the statutory holidays count. */
  beyondReach: boolean;
}

/** R-G6: "n business days after date D", counted as every deadline is (domain/business-days.ts), with the days it went through. */
export function businessDaysAfter(inForce: CalendarInForce, from: IsoDate, days: number): BusinessDaysAnswer {
  // Generous: n business days never take more than twice n calendar days plus a Golden Week.
  const calendar = calendarBetween(inForce, from, addDays(from, 2 * days + 40));
  const date = addBusinessDaysToDate(from, days, calendar);
  const { holidays } = listedDaysBetween(inForce, from, date);
  const businessDays: IsoDate[] = [];
  const skipped: BusinessDaysAnswer['skipped'] = [];
  for (let day = addDays(from, 1); day <= date && days > 0; day = addDays(day, 1)) {
    if (isBusinessDay(day, calendar)) businessDays.push(day);
    else {
      const holiday = holidays.find((listed) => listed.date === day);
      skipped.push(holiday ? { date: day, reason: 'holiday', name: holiday.name, source: holiday.source } : { date: day, reason: 'weekend', name: null, source: null });
    }
  }
  return { from, days, date, deadline: new Date(endOfChinaDay(date)).toISOString(), businessDays, skipped, beyondReach: date > inForce.coveredThrough };
}

/** The business-day deadlines a process can be given, as config holds them. */
export interface BusinessDayDeadlines {
  review: { slaBusinessDays: number; expiryBusinessDays: number };
  changes: { reviewSlaBusinessDays: number };
  /** R-E6.4: a payout unreported after these business days is overdue. */
  payouts?: { overdueBusinessDays: number; deliveryMarginBusinessDays?: number };
}

/** R-G6: the reach of the configured calendar, warning before the longest configured business-day deadline could fall past it. */
export function configuredCalendarReach(config: BusinessDayDeadlines & { calendar: CalendarInForce }, now: number): CalendarReach {
  const longest = Math.max(config.review.slaBusinessDays, config.review.expiryBusinessDays, config.changes.reviewSlaBusinessDays, (config.payouts?.overdueBusinessDays ?? 0) + (config.payouts?.deliveryMarginBusinessDays ?? 0));
  return calendarReach(config.calendar, now, longest);
}

/** What the API and the worker log at start-up (R-G6): the calendar's source and reach, a warning when it ends soon. */
export function logCalendarReach(
  logger: { info(object: object, message: string): void; warn(object: object, message: string): void },
  config: BusinessDayDeadlines & { calendar: CalendarInForce },
  now: number,
): CalendarReach {
  const reach = configuredCalendarReach(config, now);
  const { library, extension } = config.calendar;
  const fields = {
    calendar: {
      library: `${library.name} ${library.version} (${library.firstYear}-${library.lastYear})`,
      extension: extension ? { origins: extension.origins, years: extension.years, completeYears: extension.completeYears } : null,
      coveredThrough: reach.coveredThrough,
      reachDays: reach.reachDays,
    },
  };
  if (reach.warning) logger.warn(fields, reach.warning);
  else logger.info(fields, 'R-G6: business-day calendar in force');
  return reach;
}
