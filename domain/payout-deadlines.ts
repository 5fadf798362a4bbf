/**
 * R-E6.4 and R-G7: when a sent payout the bank has not reported delivered is
 * overdue (operators alerted, the holder told to check the bank details), and
 * when its process fails payout_not_delivered. The failure always comes after
 * the alert: the delivery deadline is the later of the configured calendar
 * duration and the overdue point plus a margin of business days, since a
 * plain 10 days can end before the 3rd business day around Spring Festival or
 * Golden Week.
 */
import { addBusinessDays, type BusinessCalendar } from './business-days';

export interface PayoutDeadlineRules {
  /** PAYOUT_OVERDUE_BUSINESS_DAYS: business days the bank has to report delivery. */
  overdueBusinessDays: number;
  /** PAYOUT_DELIVERY_DEADLINE, in milliseconds: the shortest time before the process fails. */
  deliveryDeadlineMs: number;
  /** PAYOUT_DELIVERY_MARGIN_BUSINESS_DAYS (1 or more): business days past the overdue point before the process may fail. */
  marginBusinessDays: number;
}

export interface PayoutDeadlines {
  /** Epoch ms past which the payout is overdue. */
  dueAt: number;
  /** Epoch ms at which the process fails unreported: always after dueAt. */
  failsAt: number;
}

/** R-E6.4, R-G7: the overdue point and the delivery deadline of a payout sent at `sentAt` (epoch ms), on the process's calendar (R-G6). */
export function payoutDeadlines(sentAt: number, rules: PayoutDeadlineRules, calendar: BusinessCalendar): PayoutDeadlines {
  if (!Number.isSafeInteger(rules.marginBusinessDays) || rules.marginBusinessDays < 1) {
    throw new RangeError(`the payout delivery margin must be 1 business day or more, got ${rules.marginBusinessDays}`);
  }
  const dueAt = addBusinessDays(sentAt, rules.overdueBusinessDays, calendar);
  const failsAt = Math.max(sentAt + rules.deliveryDeadlineMs, addBusinessDays(sentAt, rules.overdueBusinessDays + rules.marginBusinessDays, calendar));
  return { dueAt, failsAt };
}
