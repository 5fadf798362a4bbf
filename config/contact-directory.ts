/**
 * The account contact directory (activities/providers/contact-directory.ts):
 * the settings of its own, read once from the environment. Its connection is
 * a signed HTTP contract like the bank's (config/signed-http.ts:
 * `CONTACT_DIRECTORY_HTTP_URL`, `_KEY_ID`, `_SECRET`, `_TIMEOUT_SECONDS`).
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `CONTACT_DIRECTORY_CACHE_SECONDS` | `60` | how long one account's contacts are kept in the worker's memory, 0..300 (0: asked at every send) |
 *
 * Short by design: a holder who changes their number is written to at the new
 * one within this time, and contacts (personal data) stay in memory no longer.
 */
export interface ContactDirectoryConfig {
  cacheSeconds: number;
}

export const MAX_CONTACT_CACHE_SECONDS = 300;

export function loadContactDirectoryConfig(env: Record<string, string | undefined>, problems: string[]): ContactDirectoryConfig {
  const raw = env.CONTACT_DIRECTORY_CACHE_SECONDS;
  if (raw === undefined || raw.trim() === '') return { cacheSeconds: 60 };
  const value = Number(raw);
  if (Number.isSafeInteger(value) && value >= 0 && value <= MAX_CONTACT_CACHE_SECONDS) return { cacheSeconds: value };
  problems.push(`CONTACT_DIRECTORY_CACHE_SECONDS must be an integer from 0 to ${MAX_CONTACT_CACHE_SECONDS}, got "${raw}"`);
  return { cacheSeconds: 60 };
}
