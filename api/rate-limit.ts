import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from './auth';
import { PROBLEM_DETAILS } from '../domain/texts';
import { ProblemError } from './problem';
import { RATE_WINDOW_MS, type RateWindows } from './rate-windows';

/**
 * A fixed-window limit per token (role and subject) on the requests of one
 * kind, `name` (its bucket: every route that passes the same name shares the
 * count, as the three process starts do). Guards process starts, amount
 * entries and uploads, so nothing can be brute-forced through the API. A
 * refused request counts too: hammering does not reopen the window sooner.
 */
export function rateLimit(name: string, perMinute: number, windows: RateWindows, now: () => number = Date.now): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    const at = now();
    const window = await windows.hit(name, `${principal.role}:${principal.subject}`, at);
    if (window.hits > perMinute) {
      const retryAfter = Math.max(1, Math.ceil((window.startedAt + RATE_WINDOW_MS - at) / 1000));
      const detail = PROBLEM_DETAILS.rateLimited(perMinute, name, retryAfter);
      throw new ProblemError({ status: 429, type: 'rate-limited', title: 'Too many requests', detail: detail.en }, { 'retry-after': String(retryAfter) }, detail);
    }
    await next();
  };
}
