import type { MiddlewareHandler } from 'hono';
import { problems } from './problem';
import { boundedText, isJsonRequest } from './request-body';

/** No request body of this API nests deeper than a few levels; 32 leaves room for any of them. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by
 * counting brackets outside strings: one pass over the text, no parse and no
 * recursion. Text that is not JSON may be miscounted; it is refused either way.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++; // a backslash: the next character is escaped, a quote included
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth++;
      if (depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * A body nested 100,000 levels deep overflowed the stack of whatever walked it
 * recursively (the NUL check did, a 500 on the unauthenticated webhooks). So
 * JSON deeper than MAX_JSON_DEPTH is refused with 400 before anything parses or
 * walks it, signature checks included. It reads at most `maxBytes` of the body
 * (security finding 2: 413 beyond).
 */
export function rejectDeepJson(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    if (isJsonRequest(c)) {
      // Hono keeps the text: the NUL check, the webhooks' signature check and the validator read it again from there.
      if (nestsDeeperThan(await boundedText(c, maxBytes), MAX_JSON_DEPTH)) {
        throw problems.validation([{ field: '(body)', message: `must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep` }]);
      }
    }
    await next();
  };
}
