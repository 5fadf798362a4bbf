import { log } from '@temporalio/workflow';
import type { BusinessCalendar } from '../domain';

/**
 * R-G6: the calendar a process counts its business-day deadlines on is the one
 * its input carries: every start since the published schedule
 * (config/business-calendar.ts) carries it. Enterprise processes started
 * before the API passed one have none; they keep counting Monday to Friday,
 * as they did, so their histories replay, and say so in the worker's log
 * instead of dropping the holidays silently.
 */
export function calendarOf(input: { processId: string; calendar?: BusinessCalendar }): BusinessCalendar {
  if (input.calendar) return input.calendar;
  log.warn('R-G6: this process was started without a business-day calendar; its deadlines count Monday to Friday only', { processId: input.processId });
  return { holidays: [], extraWorkingDays: [] };
}
