/**
 * The languages holders read: Simplified Chinese by default (the holders are
 * in mainland China), English when asked for. Pure: the API passes the
 * request's Accept-Language, the worker its configured notice language.
 */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh';

/** The language tag a response names in Content-Language. */
export const LANGUAGE_TAGS: Record<Language, string> = { zh: 'zh-CN', en: 'en' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * RFC 9110 §12.5.4: the supported language the client prefers most. Each
 * range is matched by its primary subtag (`en-US` is English, `zh-CN` and
 * `zh-Hans` Chinese), weighed by its q-value (default 1; `q=0` means "not
 * this one"); equal weights keep the header's order, `*` stands for the
 * default, and a header that names nothing supported gets the default.
 */
export function negotiateLanguage(header: string | null | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  const ranges: Array<{ language: Language; q: number; order: number }> = [];
  const refused = new Set<Language>();
  header.split(',').forEach((part, order) => {
    const [rawTag = '', ...params] = part.split(';').map((piece) => piece.trim());
    const tag = rawTag.toLowerCase();
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(tag)) return;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*(0(\.\d{0,3})?|1(\.0{0,3})?)$/i.exec(param);
      if (match) q = Number(match[1]);
      else if (/^q\s*=/i.test(param)) return; // a malformed weight: the range is ignored
    }
    const primary = tag === '*' ? DEFAULT_LANGUAGE : tag.split('-')[0];
    if (!isLanguage(primary)) return;
    if (q === 0) {
      if (tag !== '*') refused.add(primary);
      return;
    }
    ranges.push({ language: primary, q, order });
  });
  const best = ranges
    .filter((range) => !refused.has(range.language))
    .sort((a, b) => b.q - a.q || a.order - b.order)[0];
  if (best) return best.language;
  // Everything named was refused: the other supported language, if one is left.
  return LANGUAGES.find((language) => !refused.has(language)) ?? DEFAULT_LANGUAGE;
}
