// Finding 7: what looks into request bodies walks them without recursion, whatever their depth.
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../api/json-depth';
import { nulPath } from '../../api/reject-nul';

const nestedArrays = (depth: number, inner: string) => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

describe('request body walks (finding 7)', () => {
  it('finding 7: finds a NUL 100,000 levels deep with an explicit stack, where the recursive walk overflowed', () => {
    const body: unknown = JSON.parse(nestedArrays(100_000, '"a\\u0000"'));
    expect(() => nulPath(body)).not.toThrow();
    expect(nulPath(body)).toBe(Array(100_000).fill('0').join('.'));
  });

  it('reports the first NUL in document order, keys included, and nothing for clean bodies', () => {
    expect(nulPath({ a: ['x', { b: 'y\u0000' }], c: '\u0000' })).toBe('a.1.b');
    expect(nulPath({ ok: 1, ['k\u0000']: 2 })).toBe('k\\u0000');
    expect(nulPath('\u0000')).toBe('(body)');
    expect(nulPath({ a: [1, true, null, 'x'] })).toBeUndefined();
  });

  it('finding 7: counts nesting outside strings only, in one pass, to the limit and no further', () => {
    expect(nestsDeeperThan(nestedArrays(MAX_JSON_DEPTH, '1'), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nestedArrays(MAX_JSON_DEPTH + 1, '1'), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(nestedArrays(1_000_000, '1'), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(`{"a":${'{"b":'.repeat(40)}1${'}'.repeat(40)}}`, MAX_JSON_DEPTH)).toBe(true);
    // Brackets in strings, escaped quotes included, are text.
    expect(nestsDeeperThan(JSON.stringify({ name: '['.repeat(100), quoted: '"[[[[' }), MAX_JSON_DEPTH)).toBe(false);
    // Siblings do not add up.
    expect(nestsDeeperThan(JSON.stringify(Array.from({ length: 100 }, () => [[1]])), MAX_JSON_DEPTH)).toBe(false);
  });
});
