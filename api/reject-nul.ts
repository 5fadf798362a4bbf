import type { MiddlewareHandler } from 'hono';
import { problems } from './problem';

/**
 * PostgreSQL text cannot hold U+0000: a NUL in an id, a reference or a name
 * made the first query touching it fail (a 500, found by `npm run fuzz`), and
 * in a workflow input it would fail an activity on every retry. So a NUL in the
 * path, the query or any JSON string (key or value) is refused up front with a
 * 400 naming where it is. Multipart uploads are binary and not looked at.
 */
export const rejectNul: MiddlewareHandler = async (c, next) => {
  // The raw URL as received: its scheme and host cannot hold a %00.
  const url = c.req.url;
  const nul = url.indexOf('%00');
  if (nul >= 0) {
    const query = url.indexOf('?');
    throw problems.validation([{ field: query >= 0 && nul > query ? '(query)' : '(path)', message: 'must not contain the NUL character' }]);
  }
  if (/json/i.test(c.req.header('content-type') ?? '')) {
    // Hono keeps the text: the webhooks' signature check and the route's validator read it again from there.
    const text = await c.req.text();
    if (text.includes('\u0000') || text.includes('\\u0000')) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined; // not JSON: the route's own validation answers 400
      }
      const field = body === undefined && text.includes('\u0000') ? '(body)' : nulPath(body, []);
      if (field !== undefined) throw problems.validation([{ field, message: 'must not contain the NUL character' }]);
    }
  }
  await next();
};

function nulPath(value: unknown, path: string[]): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(body)' : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, [...path, String(index)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key.replace(/\u0000/g, '\\u0000')].join('.');
      const found = nulPath(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
