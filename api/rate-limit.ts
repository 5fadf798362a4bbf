import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from './auth';
import { ProblemError } from './problem';

/**
 * A fixed-window limit per token subject, in memory (one API process). Guards
 * process starts and, later, amount submissions, so nothing can be brute-forced
 * through the API.
 */
export function rateLimit(name: string, perMinute: number, now: () => number = Date.now): MiddlewareHandler<AuthEnv> {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return async (c, next) => {
    const principal = c.get('principal');
    const key = `${principal.role}:${principal.subject}`;
    const at = now();
    let window = windows.get(key);
    if (!window || at - window.startedAt >= 60_000) {
      window = { startedAt: at, count: 0 };
      windows.set(key, window);
      // Forget idle callers so the map stays small.
      if (windows.size > 10_000) for (const [k, w] of windows) if (at - w.startedAt >= 60_000) windows.delete(k);
    }
    window.count += 1;
    if (window.count > perMinute) {
      const retryAfter = Math.max(1, Math.ceil((window.startedAt + 60_000 - at) / 1000));
      throw new ProblemError(
        { status: 429, type: 'rate-limited', title: 'Too many requests', detail: `at most ${perMinute} ${name} per minute; retry in ${retryAfter} s` },
        { 'retry-after': String(retryAfter) },
      );
    }
    await next();
  };
}
