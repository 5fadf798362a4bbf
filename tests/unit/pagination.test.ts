import { decodeCursor, encodeCursor, MAX_POSITION_INTEGER } from '../../api/pagination';
import { ProblemError } from '../../api/problem';
import { z } from '@hono/zod-openapi';

// Finding 11: a cursor is the client's to send back, so it may be forged; whatever it holds is a
// position PostgreSQL can take, or a 400 naming `cursor`.
const Position = z.object({ at: z.number().int().nonnegative().max(8.64e15), id: z.string().min(1).max(80) });
const StepPosition = z.object({ seq: z.number().int().nonnegative().max(MAX_POSITION_INTEGER) });

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    return { status: error.problem.status, fields: (error.problem as { errors?: Array<{ field: string }> }).errors?.map((entry) => entry.field) };
  }
  throw new Error('not refused');
}

describe('decodeCursor (finding 11)', () => {
  it('finding 11: gives back the position a page ended at', () => {
    expect(decodeCursor(encodeCursor({ at: 5, id: 'prc_1' }), Position)).toEqual({ at: 5, id: 'prc_1' });
    expect(decodeCursor(undefined, Position)).toBeUndefined();
    expect(decodeCursor(encodeCursor({ seq: MAX_POSITION_INTEGER }), StepPosition)).toEqual({ seq: MAX_POSITION_INTEGER });
  });

  it('finding 11: a string holding U+0000 (PostgreSQL 22021) is 400 naming cursor, in a value or a key', () => {
    for (const position of [{ at: 5, id: 'prc\u0000' }, { at: 5, id: '\u0000' }, { at: 5, id: 'prc_1', 'x\u0000': 1 }]) {
      expect(refusal(() => decodeCursor(encodeCursor(position), Position))).toEqual({ status: 400, fields: ['cursor'] });
    }
  });

  it('finding 11: a seq beyond PostgreSQL integer (2^31 - 1) is 400 naming cursor', () => {
    for (const seq of [2 ** 31, 3_000_000_000, Number.MAX_SAFE_INTEGER]) {
      expect(refusal(() => decodeCursor(encodeCursor({ seq }), StepPosition))).toEqual({ status: 400, fields: ['cursor'] });
    }
  });
});
