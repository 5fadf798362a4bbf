// R-E6.4, R-G7: the overdue alert of an unreported payout always comes before
// its process fails payout_not_delivered, on the calendar new processes carry
// (R-G6). Pure: domain/payout-deadlines.ts with the configured defaults.
import { calendarForStart } from '../../config/business-calendar';
import { ConfigError, loadConfig } from '../../config';
import { durationMs } from '../../workflows/duration';
import { addBusinessDays, payoutDeadlines, type PayoutDeadlineRules } from '../../domain';

const DAY = 86_400_000;
const config = loadConfig({});
const rules: PayoutDeadlineRules = {
  overdueBusinessDays: config.payouts.overdueBusinessDays,
  deliveryDeadlineMs: durationMs(config.durations.payoutDeliveryDeadline),
  marginBusinessDays: config.payouts.deliveryMarginBusinessDays,
};

describe('R-E6.4, R-G7: a payout is flagged overdue before its process can fail payout_not_delivered', () => {
  it.each([
    ['before Spring Festival 2026', '2026-02-12T02:00:00Z'],
    ['before Golden Week 2026', '2026-09-29T02:00:00Z'],
  ])('R-E6.4, R-G7: a payout sent %s is flagged overdue after 3 business days, before the process fails', (_when, sent) => {
    const sentAt = Date.parse(sent);
    const calendar = calendarForStart(config.calendar, sentAt);
    const { dueAt, failsAt } = payoutDeadlines(sentAt, rules, calendar);
    expect(dueAt).toBe(addBusinessDays(sentAt, 3, calendar));
    // The plain 10 days end before the 3rd business day here: the deadline is the overdue point plus the margin instead.
    expect(sentAt + 10 * DAY).toBeLessThan(dueAt);
    expect(dueAt).toBeLessThan(failsAt);
    expect(failsAt).toBe(addBusinessDays(sentAt, 3 + config.payouts.deliveryMarginBusinessDays, calendar));
  });

  it('R-E6.4, R-G7: at every hour of 2026, on the published calendar, the deadline ends after the overdue point, and never before PAYOUT_DELIVERY_DEADLINE', () => {
    const calendar = calendarForStart(config.calendar, Date.parse('2026-01-01T00:00:00Z'));
    for (let sentAt = Date.parse('2026-01-01T00:00:00Z'); sentAt < Date.parse('2026-12-01T00:00:00Z'); sentAt += 3_600_000) {
      const { dueAt, failsAt } = payoutDeadlines(sentAt, rules, calendar);
      if (!(dueAt < failsAt) || failsAt < sentAt + rules.deliveryDeadlineMs) throw new Error(`sent ${new Date(sentAt).toISOString()}: due ${dueAt}, fails ${failsAt}`);
    }
  });

  it('R-E6.4, R-G7: a margin of 0 is refused at start-up, so no configuration can end the deadline at or before the overdue point', () => {
    expect(() => loadConfig({ PAYOUT_DELIVERY_MARGIN_BUSINESS_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ PAYOUT_DELIVERY_MARGIN_BUSINESS_DAYS: '0' })).toThrow(/PAYOUT_DELIVERY_MARGIN_BUSINESS_DAYS must be an integer from 1 to 60/);
    expect(() => payoutDeadlines(0, { ...rules, marginBusinessDays: 0 }, { holidays: [], extraWorkingDays: [] })).toThrow(RangeError);
    // Even a deadline of one hour, with the overdue point 60 business days away, ends after it.
    const short = loadConfig({ PAYOUT_DELIVERY_DEADLINE: '1 hour', PAYOUT_OVERDUE_BUSINESS_DAYS: '60', PAYOUT_DELIVERY_MARGIN_BUSINESS_DAYS: '1' });
    const sentAt = Date.parse('2026-09-29T02:00:00Z');
    const { dueAt, failsAt } = payoutDeadlines(
      sentAt,
      { overdueBusinessDays: 60, deliveryDeadlineMs: durationMs(short.durations.payoutDeliveryDeadline), marginBusinessDays: 1 },
      calendarForStart(short.calendar, sentAt),
    );
    expect(failsAt).toBeGreaterThan(dueAt);
  });
});
