import { z } from '@hono/zod-openapi';
import { problems } from './problem';
import { nulPath } from './reject-nul';

// Lists that grow with an account's or a process's life are read a page at a
// time, so no request makes the API read and send all of them at once.
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
const MAX_CURSOR_LENGTH = 200;
/** The largest PostgreSQL `integer` (a step's seq): a position beyond it fails the query, so a cursor holding one is refused. */
export const MAX_POSITION_INTEGER = 2 ** 31 - 1;

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' }, description: `Items per page, 1..${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`, example: DEFAULT_PAGE_SIZE }),
  cursor: z
    .string()
    .min(1)
    .max(MAX_CURSOR_LENGTH)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: "The previous page's nextCursor; absent for the first page" }),
});

export const NextCursor = z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page' });

/** A cursor is opaque to clients: the position after the page's last item, as base64url JSON. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor holds, or 400 naming `cursor` when it is not one this list gave out. */
export function decodeCursor<T>(cursor: string | undefined, position: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A forged cursor cannot reach PostgreSQL with what it refuses: text cannot hold U+0000 (22021, a 500).
    if (nulPath(parsed) !== undefined) throw new Error('a NUL in the position');
  } catch {
    parsed = undefined;
  }
  const result = position.safeParse(parsed);
  if (!result.success) throw problems.validation([{ field: 'cursor', message: "not a cursor from this list: pass the previous page's nextCursor" }]);
  return result.data;
}

/** One page of rows read with `take: limit + 1`: the extra row only says whether another page follows. */
export function pageOf<T>(rows: T[], limit: number, positionOf: (last: T) => unknown): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(positionOf(items[items.length - 1]!)) };
}
