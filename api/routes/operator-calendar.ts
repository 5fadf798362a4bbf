import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { chinaDate, isIsoDate, toDayNumber } from '../../domain';
import { businessDaysAfter, configuredCalendarReach, listedDaysBetween } from '../../config/business-calendar';
import { requireOperator, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { countOpenProcessesPastReach } from '../deadlines-past-reach';
import { problems } from '../problem';
import { problemContent } from '../schemas';

/** About a year of business days, as the longest review expiry (REVIEW_EXPIRY_BUSINESS_DAYS). */
const MAX_BUSINESS_DAYS = 250;
/** The longest range one answer lists. */
const MAX_RANGE_DAYS = 3 * 366;
const FIRST_DAY = '2004-01-01';
const LAST_START_DAY = '2098-06-30';

const IsoDateParam = (name: string, description: string) =>
  z
    .string()
    .refine(isIsoDate, { message: "must be a real date, 'YYYY-MM-DD'" })
    .optional()
    .openapi({ param: { name, in: 'query' }, description, example: '2027-01-29' });

const ListedDay = z
  .object({
    date: z.string(),
    name: z.string().nullable().openapi({ description: 'The festival, as the library or the law names it; null for a day an operator added' }),
    source: z.enum(['library', 'extension', 'provisional']).openapi({
      description: '`library`: the published schedule (chinese-days); `extension`: BUSINESS_CALENDAR_FILE, HOLIDAYS or EXTRA_WORKING_DAYS; `provisional`: past the reach, a statutory holiday only',
    }),
  })
  .openapi('CalendarDay');

const Reach = z.object({
  coveredThrough: z.string().openapi({ description: 'The last day whose schedule is known: the library\'s last year, or the years the extension declares complete that follow it without a gap' }),
  reachDays: z.number().int().openapi({ description: 'Days from today (China time) to coveredThrough; negative once past it' }),
  warning: z.string().nullable().openapi({ description: 'Set when the calendar ends within 60 days, or before the longest configured business-day deadline started today (also on /readyz and in the start-up log)' }),
});

const CalendarView = z
  .object({
    source: z.object({
      library: z.object({ name: z.literal('chinese-days'), version: z.string(), firstYear: z.number().int(), lastYear: z.number().int() }),
      extension: z
        .object({
          origins: z.array(z.string()).openapi({ description: 'BUSINESS_CALENDAR_FILE (its path), HOLIDAYS, EXTRA_WORKING_DAYS: the ones set' }),
          note: z.string().nullable().openapi({ description: "The file's `source`, e.g. the notice its days were copied from" }),
          years: z.array(z.number().int()).openapi({ description: 'Years the extension names a day in' }),
          completeYears: z.array(z.number().int()).openapi({ description: 'Years the extension is declared to give whole (`completeYears`, CALENDAR_COMPLETE_YEARS): only these extend the reach; any other year keeps its provisional statutory days' }),
          holidays: z.number().int(),
          extraWorkingDays: z.number().int(),
        })
        .nullable(),
      provisional: z.string().openapi({ description: 'What counts past coveredThrough' }),
    }),
    reach: Reach,
    openProcessesPastReach: z.number().int().openapi({
      description:
        'Open processes with a business-day deadline (a pending review\'s SLA, a payout\'s overdue point or delivery deadline) after coveredThrough, where only the statutory holidays count: recheck them once the next schedule is in (also the metric realname_open_processes_past_calendar_reach)',
    }),
    from: z.string(),
    to: z.string(),
    holidays: z.array(ListedDay).openapi({ description: 'Public holidays in the range, weekends among them included' }),
    extraWorkingDays: z.array(ListedDay).openapi({ description: 'Weekend days worked instead (调休) in the range, and days an operator made working days' }),
  })
  .openapi('BusinessCalendar');

const showCalendar = createRoute({
  method: 'get',
  path: '/v1/operator/calendar',
  tags: ['operators'],
  summary: 'The business-day calendar in force: its source, its days in a range, its reach (R-G6, operators)',
  description:
    'Business days are Monday to Friday minus public holidays plus the weekend days worked instead (调休). The schedule comes from the npm package chinese-days, ' +
    'with the operators\' extension over it (BUSINESS_CALENDAR_FILE, HOLIDAYS, EXTRA_WORKING_DAYS: it wins for the days it names). Past its reach only the statutory ' +
    'holidays count (source `provisional`). Range: `from` (default 1 January of this year) to `to` (default 31 December of next year), at most three years.',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      from: IsoDateParam('from', 'First day listed (default: 1 January of this year, China time)'),
      to: IsoDateParam('to', 'Last day listed (default: 31 December of next year)'),
    }),
  },
  responses: {
    200: { description: 'The calendar in force', content: { 'application/json': { schema: CalendarView } } },
    400: { description: 'Invalid dates or range', content: problemContent },
    401: { description: 'No valid token', content: problemContent },
    403: { description: 'Operators only', content: problemContent },
  },
});

const SkippedDay = z.object({
  date: z.string(),
  reason: z.enum(['weekend', 'holiday']),
  name: z.string().nullable(),
  source: z.enum(['library', 'extension', 'provisional']).nullable(),
});

const countBusinessDays = createRoute({
  method: 'get',
  path: '/v1/operator/calendar/business-days',
  tags: ['operators'],
  summary: '"N business days after date D", counted as every deadline is (R-G6, operators)',
  description:
    'The n-th business day after `from` (the day itself never counts), on the calendar new processes are given. A deadline of n business days started at any time ' +
    'on `from` ends at `deadline`, 24:00 China time of that day: check a review\'s dueAt or expiresAt by hand. `beyondReach` says the answer passed the published ' +
    'calendar, where only the statutory holidays count.',
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      from: z
        .string()
        .refine(isIsoDate, { message: "must be a real date, 'YYYY-MM-DD'" })
        .openapi({ param: { name: 'from', in: 'query' }, description: 'The start day, China time', example: '2027-01-29' }),
      days: z.coerce
        .number()
        .int()
        .min(0)
        .max(MAX_BUSINESS_DAYS)
        .openapi({ param: { name: 'days', in: 'query' }, description: `Business days, 0..${MAX_BUSINESS_DAYS}`, example: 3 }),
    }),
  },
  responses: {
    200: {
      description: 'The day, the deadline instant, and the days counted and passed over',
      content: {
        'application/json': {
          schema: z
            .object({
              from: z.string(),
              days: z.number().int(),
              date: z.string().openapi({ description: 'The n-th business day after from' }),
              deadline: z.string().openapi({ description: 'ISO instant: 24:00 China time of date, the first instant past the deadline' }),
              businessDays: z.array(z.string()).openapi({ description: 'The days counted, in order' }),
              skipped: z.array(SkippedDay).openapi({ description: 'The days passed over, each with why' }),
              beyondReach: z.boolean(),
              reach: Reach,
            })
            .openapi('BusinessDaysAfter'),
        },
      },
    },
    400: { description: 'Invalid from or days', content: problemContent },
    401: { description: 'No valid token', content: problemContent },
    403: { description: 'Operators only', content: problemContent },
  },
});

/** R-G6: what operators check the calendar with; the same one new processes are given (config/business-calendar.ts). */
export function registerOperatorCalendarRoutes(app: OpenAPIHono<AuthEnv>, { config, db, now = Date.now }: ApiDeps): void {
  app.openapi(showCalendar, async (c) => {
    requireOperator(c.get('principal'));
    const query = c.req.valid('query');
    const year = Number(chinaDate(now()).slice(0, 4));
    const from = query.from ?? `${year}-01-01`;
    const to = query.to ?? `${year + 1}-12-31`;
    if (to < from) throw problems.validation([{ field: 'to', message: 'must not be before from' }]);
    if (toDayNumber(to) - toDayNumber(from) > MAX_RANGE_DAYS) throw problems.validation([{ field: 'to', message: `at most ${MAX_RANGE_DAYS} days after from` }]);
    const { library, extension } = config.calendar;
    const days = listedDaysBetween(config.calendar, from, to);
    return c.json(
      {
        source: {
          library,
          extension: extension && {
            origins: extension.origins,
            note: extension.note,
            years: extension.years,
            completeYears: extension.completeYears,
            holidays: extension.holidays.length,
            extraWorkingDays: extension.extraWorkingDays.length,
          },
          provisional: `after ${config.calendar.coveredThrough}: the statutory holidays only (元旦, 春节 除夕 to 初三, 清明, 劳动节 2 days, 端午, 中秋, 国庆节 3 days), under the extension's days; no bridges, no worked weekends, so a deadline there can come early as well as late`,
        },
        reach: configuredCalendarReach(config, now()),
        openProcessesPastReach: await countOpenProcessesPastReach(db, config.calendar.coveredThrough),
        from,
        to,
        ...days,
      },
      200,
    );
  });

  app.openapi(countBusinessDays, (c) => {
    requireOperator(c.get('principal'));
    const { from, days } = c.req.valid('query');
    // The library's schedule starts in 2004; the statutory holidays are computed through 2099.
    if (from < FIRST_DAY || from > LAST_START_DAY) throw problems.validation([{ field: 'from', message: `must be from ${FIRST_DAY} to ${LAST_START_DAY}` }]);
    return c.json({ ...businessDaysAfter(config.calendar, from, days), reach: configuredCalendarReach(config, now()) }, 200);
  });
}
