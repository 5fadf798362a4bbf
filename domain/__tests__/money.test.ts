import { assertFen, drawSmallAmount, formatYuan } from '../money';

describe('money in integer fen', () => {
  it('accepts whole fen and refuses fractions, NaN and unsafe integers', () => {
    expect(() => assertFen(37)).not.toThrow();
    expect(() => assertFen(-5)).not.toThrow();
    expect(() => assertFen(0.37)).toThrow(RangeError);
    expect(() => assertFen(Number.NaN)).toThrow(RangeError);
    expect(() => assertFen(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });

  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [37, '0.37'],
    [99, '0.99'],
    [100, '1.00'],
    [12345, '123.45'],
    [-5, '-0.05'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('formats %d fen as %s yuan', (fen, yuan) => {
    expect(formatYuan(fen)).toBe(yuan);
  });

  it('refuses to format a fractional amount', () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
  });

  it('R-E5/R-E6.4: draws 1 fen for the lowest random value and 99 for the highest', () => {
    expect(drawSmallAmount(() => 0)).toBe(1);
    expect(drawSmallAmount(() => 0.999999999)).toBe(99);
    expect(drawSmallAmount(() => 0.5)).toBe(50);
  });

  it('R-E5/R-E6.4: every draw is a whole amount from 0.01 to 0.99 yuan, and every such amount can be drawn', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 9900; i++) {
      const amount = drawSmallAmount(() => i / 9900);
      expect(Number.isInteger(amount) && amount >= 1 && amount <= 99).toBe(true);
      seen.add(amount);
    }
    expect(seen.size).toBe(99);
  });

  it('refuses a random source outside [0, 1)', () => {
    expect(() => drawSmallAmount(() => 1)).toThrow(RangeError);
    expect(() => drawSmallAmount(() => -0.1)).toThrow(RangeError);
    expect(() => drawSmallAmount(() => Number.NaN)).toThrow(RangeError);
  });
});
