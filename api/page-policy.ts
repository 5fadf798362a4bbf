/**
 * The one content security policy of the pages this API serves (the operators'
 * console, the API docs, the holder's verification page): scripts, styles and
 * calls from this origin only, nothing inline, no framing. A page widens only
 * what it must (the docs' data: icons, the console's blob: PDFs).
 */
export function strictPolicy(imageSources = "'self'", widened: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${imageSources}`,
    ...widened,
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers of a page and its assets under `policy`; no referrer, since a page's URL may carry a token. */
export function pageHeaders(policy: string) {
  return {
    'content-security-policy': policy,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}
