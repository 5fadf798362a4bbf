/**
 * Money is integer fen (1 yuan = 100 fen) everywhere: amounts are compared
 * for equality (R-E5, R-E6.5), and floating-point yuan would make 0.1 + 0.2
 * fail to match 0.3.
 */

export type Fen = number;

/** Throws unless `amount` is a whole number of fen that a JS number holds exactly. */
export function assertFen(amount: number): asserts amount is Fen {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`an amount must be a whole number of fen, got ${amount}`);
  }
}

/**
 * 37 → '0.37', 12345 → '123.45', -5 → '-0.05'. Built from the digits, with no
 * division, so the text is exact for every safe integer.
 */
export function formatYuan(amount: Fen): string {
  assertFen(amount);
  const digits = String(Math.abs(amount)).padStart(3, '0');
  const sign = amount < 0 ? '-' : '';
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** R-E5 ("below 1 yuan"), R-E6.4 (0.01 to 0.99 yuan). */
export const SMALL_AMOUNT_MIN_FEN: Fen = 1;
export const SMALL_AMOUNT_MAX_FEN: Fen = 99;

/**
 * A uniformly drawn amount of 1..99 fen for the recharge (R-E5) and payout
 * (R-E6.4) checks. The caller supplies `random` (returning [0, 1)): inside a
 * workflow that is the replay-safe Math.random Temporal provides, so the
 * amount is the same on every replay.
 */
export function drawSmallAmount(random: () => number): Fen {
  const sample = random();
  if (!(sample >= 0 && sample < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${sample}`);
  const span = SMALL_AMOUNT_MAX_FEN - SMALL_AMOUNT_MIN_FEN + 1;
  return SMALL_AMOUNT_MIN_FEN + Math.floor(sample * span);
}
