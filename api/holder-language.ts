import type { Context } from 'hono';
import { isLanguage, LANGUAGE_TAGS, negotiateLanguage, type Language } from '../domain/language';

/**
 * The language a holder's request asks for: `?lang=en` first (a browser's
 * EventSource and links send no header of their choosing), then
 * Accept-Language; Chinese by default.
 */
export function requestLanguage(c: Context): Language {
  const asked = c.req.query('lang');
  return isLanguage(asked) ? asked : negotiateLanguage(c.req.header('accept-language'));
}

/** The headers of an answer whose texts follow the request's language, so caches keep one copy per language. */
export function languageHeaders(language: Language): Record<string, string> {
  return { 'content-language': LANGUAGE_TAGS[language], vary: 'Accept-Language' };
}
