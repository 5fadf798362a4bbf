import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, chinaDate, toDayNumber } from '../../domain';
import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';

// R-G6 over HTTP: the calendar in force for operators, "N business days after
// D", and how far the calendar reaches on /readyz and /metrics. Two systems:
// one on the library alone (chinese-days carries 2004..2026), one with an
// operator's extension for the years after it.
describe('R-G6: the business-day calendar, for operators', () => {
  let library: RunningSystem;
  let extended: RunningSystem;
  const today = chinaDate(Date.now());
  const thisYear = Number(today.slice(0, 4));

  beforeAll(async () => {
    // 2027 as an operator would enter it (Spring Festival with its bridges and the Saturdays worked),
    // and every year after it through next year, so this system's reach is never within 60 days.
    const years = Array.from({ length: Math.max(0, thisYear + 1 - 2027) }, (_, index) => `${2028 + index}-01-03`);
    const file = join(mkdtempSync(join(tmpdir(), 'calendar-e2e-')), 'calendar.json');
    writeFileSync(
      file,
      JSON.stringify({
        source: 'example schedule for 2027',
        holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', ...years],
        extraWorkingDays: ['2027-01-30', '2027-02-20'],
        completeYears: Array.from({ length: Math.max(1, thisYear + 2 - 2027) }, (_, index) => 2027 + index),
      }),
    );
    [library, extended] = await Promise.all([startSystem(), startSystem({ BUSINESS_CALENDAR_FILE: file })]);
  });
  afterAll(async () => {
    await Promise.all([library?.stop(), extended?.stop()]);
  });

  it('R-G6: operators only: 401 without a token, 403 for a holder', async () => {
    for (const path of ['/v1/operator/calendar', '/v1/operator/calendar/business-days?from=2027-01-29&days=3']) {
      expect((await http(library, 'GET', path)).status).toBe(401);
      expect((await http(library, 'GET', path, { token: await library.holderToken('acc_calendar') })).status).toBe(403);
    }
  });

  it('R-G6: "3 business days after 2027-01-29" on the extension counts the Saturday worked (调休) and answers the deadline instant', async () => {
    const answer = await http(extended, 'GET', '/v1/operator/calendar/business-days?from=2027-01-29&days=3', { token: extended.operatorToken });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      from: '2027-01-29',
      days: 3,
      date: '2027-02-02',
      deadline: '2027-02-02T16:00:00.000Z',
      businessDays: ['2027-01-30', '2027-02-01', '2027-02-02'],
      skipped: [{ date: '2027-01-31', reason: 'weekend', name: null, source: null }],
      beyondReach: false,
    });
    // Across Spring Festival 2027: Thursday 4 February, then the holidays to Thursday the 11th.
    const festival = await http(extended, 'GET', '/v1/operator/calendar/business-days?from=2027-02-04&days=1', { token: extended.operatorToken });
    expect(festival.body.date).toBe('2027-02-12');
    expect(festival.body.skipped.filter((day: { reason: string }) => day.reason === 'holiday').map((day: { date: string; source: string }) => [day.date, day.source])).toEqual([
      ['2027-02-05', 'extension'],
      ['2027-02-08', 'extension'],
      ['2027-02-09', 'extension'],
      ['2027-02-10', 'extension'],
      ['2027-02-11', 'extension'],
    ]);
  });

  it('R-G6: on the library alone, 2027-01-01 is still no business day (a statutory holiday past the reach), and the answer says it is past the reach', async () => {
    const answer = await http(library, 'GET', '/v1/operator/calendar/business-days?from=2026-12-30&days=2', { token: library.operatorToken });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ date: '2027-01-04', beyondReach: true, reach: { coveredThrough: '2026-12-31' } });
    expect(answer.body.skipped[0]).toEqual({ date: '2027-01-01', reason: 'holiday', name: "元旦 New Year's Day, statutory", source: 'provisional' });
    // A 调休 Saturday of the library's own schedule.
    const worked = await http(library, 'GET', '/v1/operator/calendar/business-days?from=2026-09-18&days=1', { token: library.operatorToken });
    expect(worked.body).toMatchObject({ date: '2026-09-20', businessDays: ['2026-09-20'] });
  });

  it('R-G6: refuses an impossible date, a count past 250 and a missing parameter with 400 naming the field', async () => {
    const token = library.operatorToken;
    const refused = async (query: string) => (await http(library, 'GET', `/v1/operator/calendar/business-days?${query}`, { token })).body;
    expect((await refused('from=2027-02-30&days=1')).errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect((await refused('from=2027-01-29&days=251')).errors).toEqual([expect.objectContaining({ field: 'days' })]);
    expect((await refused('from=2027-01-29')).errors).toEqual([expect.objectContaining({ field: 'days' })]);
    const range = await http(library, 'GET', '/v1/operator/calendar?from=2027-01-01&to=2026-01-01', { token });
    expect(range.status).toBe(400);
  });

  it('R-G6: shows the calendar in force: its source (library and extension), its holidays and working days in a range, each with its source, and its reach', async () => {
    const shown = await http(extended, 'GET', '/v1/operator/calendar?from=2026-12-25&to=2027-02-28', { token: extended.operatorToken });
    expect(shown.status).toBe(200);
    expect(shown.body.source.library).toEqual({ name: 'chinese-days', version: '1.5.7', firstYear: 2004, lastYear: 2026 });
    expect(shown.body.source.extension).toMatchObject({ note: 'example schedule for 2027', years: expect.arrayContaining([2027]), holidays: expect.any(Number) });
    expect(shown.body.source.extension.origins).toEqual([expect.stringMatching(/^BUSINESS_CALENDAR_FILE \(.*calendar\.json\)$/)]);
    expect(shown.body.holidays.map((day: { date: string }) => day.date)).toEqual(['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']);
    expect(shown.body.extraWorkingDays).toEqual([
      { date: '2027-01-30', name: null, source: 'extension' },
      { date: '2027-02-20', name: null, source: 'extension' },
    ]);
    expect(shown.body.reach).toEqual({ coveredThrough: `${Math.max(thisYear + 1, 2027)}-12-31`, reachDays: expect.any(Number), warning: null });

    const libraryOnly = await http(library, 'GET', '/v1/operator/calendar?from=2026-09-25&to=2027-01-01', { token: library.operatorToken });
    expect(libraryOnly.body.source.extension).toBeNull();
    expect(libraryOnly.body.holidays[0]).toEqual({ date: '2026-09-25', name: '中秋 Mid-autumn Festival', source: 'library' });
    expect(libraryOnly.body.holidays.at(-1)).toEqual({ date: '2027-01-01', name: "元旦 New Year's Day, statutory", source: 'provisional' });
    expect(libraryOnly.body.extraWorkingDays.map((day: { date: string }) => day.date)).toEqual(['2026-09-20', '2026-10-10'].filter((date) => date >= '2026-09-25'));
  });

  it('R-G6: /readyz stays ready and warns when the calendar ends within 60 days; an extension that reaches further clears the warning', async () => {
    const reachDays = toDayNumber('2026-12-31') - toDayNumber(today);
    // The library carries 2026 only: from November 2026 on its calendar ends within 60 days (or has ended).
    expect(reachDays).toBeLessThanOrEqual(60);
    const ready = await http(library, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { database: 'ok', temporal: 'ok', calendar: { status: 'ending_soon', coveredThrough: '2026-12-31', reachDays } } });
    expect(ready.body.warnings).toHaveLength(1);
    expect(ready.body.warnings[0]).toMatch(/^R-G6: the published business-day calendar reaches 2026-12-31 \(chinese-days 1\.5\.7\); it (ends in|ended) /);
    expect(ready.body.warnings[0]).toContain('BUSINESS_CALENDAR_FILE');

    const clear = await http(extended, 'GET', '/readyz');
    expect(clear.body).toMatchObject({ status: 'ready', checks: { calendar: { status: 'ok' } }, warnings: [] });
    expect(clear.body.checks.calendar.reachDays).toBeGreaterThan(60);
  });

  it('R-G6: /metrics exports the reach in days', async () => {
    const metrics = await fetch(`${library.baseUrl}/metrics`, { headers: { authorization: `Bearer ${library.operatorToken}` } });
    const text = await metrics.text();
    expect(text).toContain('# TYPE realname_calendar_reach_days gauge');
    // Each replica's own config, so it carries the replica label (issue 17).
    expect(text).toMatch(new RegExp(`^realname_calendar_reach_days\\{replica="[^"]+"\\} ${toDayNumber('2026-12-31') - toDayNumber(chinaDate(Date.now()))}$`, 'm'));
  });

  it('R-G6: counts the open processes with a business-day deadline past the reach, on the calendar view and as a metric', async () => {
    const pastReach = async () => {
      const view = await http(library, 'GET', '/v1/operator/calendar', { token: library.operatorToken });
      const text = await (await fetch(`${library.baseUrl}/metrics`, { headers: { authorization: `Bearer ${library.operatorToken}` } })).text();
      const metric = /^realname_open_processes_past_calendar_reach (\d+)$/m.exec(text);
      expect(view.body.reach.coveredThrough).toBe('2026-12-31');
      return { view: view.body.openProcessesPastReach as number, metric: Number(metric?.[1]) };
    };
    const before = await pastReach();
    expect(before.metric).toBe(before.view);

    const accountId = (await http(library, 'POST', '/v1/accounts', { token: library.operatorToken, body: { id: uniqueId('acc'), displayName: 'calendar reach' } })).body.id as string;
    const process = (id: string, status: string, remittance: Record<string, number> | null) => ({
      id, accountId, workflowId: `wf_${id}`, runId: 'run', kind: 'enterprise_verification', method: 'remittance', status, step: 'awaiting_payout', deadlines: {},
      action: remittance ? { remittance } : undefined,
    });
    const review = (processId: string, dueAt: Date, expiresAt: Date | null = null) => ({
      id: `rev_${processId}`, processId, accountId, workflowId: `wf_rev_${processId}`, kind: 'remittance', status: 'pending', materials: {}, rules: ['R-E6.3'], dueAt, expiresAt,
    });
    const [payoutPast, reviewPast, reviewAtEnd, closed, expiryPast] = ['payout', 'review', 'edge', 'closed', 'expiry'].map((name) => uniqueId(`prc_${name}`));
    await library.db.process.createMany({
      data: [
        // A payout whose delivery is due 5 January 2027, past the reach (2026-12-31).
        process(payoutPast!, 'open', { payoutSentAt: Date.parse('2026-12-28T02:00:00Z'), deliveryDueAt: Date.parse('2027-01-05T16:00:00Z') }),
        process(reviewPast!, 'open', null),
        process(reviewAtEnd!, 'open', null),
        // An ended process counts no more, whatever its deadlines were.
        process(closed!, 'failed', { deliveryDeadline: Date.parse('2027-02-01T16:00:00Z') }),
        process(expiryPast!, 'open', null),
      ],
    });
    await library.db.review.createMany({
      data: [
        review(reviewPast!, new Date('2027-01-04T16:00:00Z')),
        // Due by the end of the last covered day (24:00 China time of 31 December): within the reach.
        review(reviewAtEnd!, new Date('2026-12-31T16:00:00Z')),
        // R-G7: due within the reach, but its final deadline (when it closes expired) is past it.
        review(expiryPast!, new Date('2026-12-30T16:00:00Z'), new Date('2027-01-08T16:00:00Z')),
      ],
    });
    const after = await pastReach();
    expect(after).toEqual({ view: before.view + 3, metric: before.view + 3 });
  });

  it('R-G6: both operator routes are in the OpenAPI document, for operators', async () => {
    const spec = await http(library, 'GET', '/openapi.json');
    for (const path of ['/v1/operator/calendar', '/v1/operator/calendar/business-days']) {
      expect(spec.body.paths[path].get).toMatchObject({ tags: ['operators'], security: [{ bearer: [] }] });
    }
    expect(spec.body.paths['/v1/operator/calendar/business-days'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['days', 'from']);
  });

  it('R-G6: the range listed defaults to this year and next', async () => {
    const shown = await http(library, 'GET', '/v1/operator/calendar', { token: library.operatorToken });
    expect(shown.body).toMatchObject({ from: `${thisYear}-01-01`, to: `${thisYear + 1}-12-31` });
    expect(addDays(shown.body.from, 0)).toBe(`${thisYear}-01-01`);
  });
});
