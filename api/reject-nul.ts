import type { MiddlewareHandler } from 'hono';
import { problems } from './problem';
import { boundedText, isJsonRequest } from './request-body';

/**
 * PostgreSQL text cannot hold U+0000: a NUL in an id, a reference or a name
 * made the first query touching it fail (a 500, found by `npm run fuzz`), and
 * in a workflow input it would fail an activity on every retry. So a NUL in the
 * path, the query or any JSON string (key or value) is refused up front with a
 * 400 naming where it is. Multipart uploads are binary and not looked at. It
 * reads at most `maxBytes` of a JSON body (security finding 2: 413 beyond).
 * `freeText` names, per path, the top-level fields that are someone else's
 * free text, which the route keeps with each NUL replaced (R-E5: a payment's
 * payer name and memo, as the bank reports them: refusing the report would
 * leave the money with no record and no refund).
 */
export function rejectNul(maxBytes: number, freeText: Readonly<Record<string, readonly string[]>> = {}): MiddlewareHandler {
  return async (c, next) => {
    // The raw URL as received: its scheme and host cannot hold a %00.
    const url = c.req.url;
    const nul = url.indexOf('%00');
    if (nul >= 0) {
      const query = url.indexOf('?');
      throw problems.validation([{ field: query >= 0 && nul > query ? '(query)' : '(path)', message: 'must not contain the NUL character' }]);
    }
    if (isJsonRequest(c)) {
      // Hono keeps the text: the webhooks' signature check and the route's validator read it again from there.
      const text = await boundedText(c, maxBytes);
      if (text.includes('\u0000') || text.includes('\\u0000')) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined; // not JSON: the route's own validation answers 400
        }
        const field = body === undefined && text.includes('\u0000') ? '(body)' : nulPath(body, freeText[c.req.path] ?? []);
        if (field !== undefined) throw problems.validation([{ field, message: 'must not contain the NUL character' }]);
      }
    }
    await next();
  };
}

interface Walk {
  value: unknown;
  path: PathStep | null;
}
interface PathStep {
  key: string;
  parent: PathStep | null;
}

const fieldOf = (path: PathStep | null): string => {
  const keys: string[] = [];
  for (let step = path; step; step = step.parent) keys.push(step.key);
  return keys.reverse().join('.') || '(body)';
};

/**
 * The first string holding a NUL, depth first in document order (an
 * object's keys before its values), as a dotted field path. Walked with an explicit stack, never by recursion: a
 * deeply nested body overflowed the call stack here (a 500 before the webhook
 * signature check); api/json-depth.ts now refuses such bodies first.
 */
export function nulPath(body: unknown, freeText: readonly string[] = []): string | undefined {
  const stack: Walk[] = [{ value: body, path: null }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const topLevelFreeText = path !== null && path.parent === null && freeText.includes(path.key);
      if (value.includes('\u0000') && !topLevelFreeText) return fieldOf(path);
    } else if (Array.isArray(value)) {
      // Pushed last to first, so the first item is looked at first.
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], path: { key: String(index), parent: path } });
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      const badKey = entries.find(([key]) => key.includes('\u0000'));
      if (badKey) return fieldOf({ key: badKey[0].replace(/\u0000/g, '\\u0000'), parent: path });
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index]!;
        stack.push({ value: item, path: { key, parent: path } });
      }
    }
  }
  return undefined;
}
