// Finding 7: what looks into request bodies walks them without recursion, whatever their depth.
// Security finding 2: and reads no more of them than the JSON limit.
import { Hono } from 'hono';
import { MAX_JSON_DEPTH, nestsDeeperThan, rejectDeepJson } from '../../api/json-depth';
import { ProblemError } from '../../api/problem';
import { nulPath, rejectNul } from '../../api/reject-nul';

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

describe('request body reads (security finding 2)', () => {
  const LIMIT = 1024;
  // The two middlewares alone, as a route that skipped the JSON limit would meet them.
  const appWith = (middleware: 'depth' | 'nul') => {
    const app = new Hono();
    app.onError((error, c) => c.json({ status: error instanceof ProblemError ? error.problem.status : 500 }, 200));
    app.use('*', middleware === 'depth' ? rejectDeepJson(LIMIT) : rejectNul(LIMIT));
    app.post('/', async (c) => c.json({ read: await c.req.json() }));
    return app;
  };
  // A body with no declared length, handed out a chunk at a time; counts what was pulled.
  const chunked = (chunks: string[]) => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled === chunks.length) return controller.close();
        controller.enqueue(new TextEncoder().encode(chunks[pulled++]!));
      },
    }, { highWaterMark: 0 });
    return { body, pulled: () => pulled };
  };
  const post = (app: Hono, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    app.request('/', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, duplex: 'half' } as RequestInit);

  for (const middleware of ['depth', 'nul'] as const) {
    it(`security finding 2: the ${middleware} check stops reading a chunked JSON body past the limit (413) and reads a smaller one once for the route`, async () => {
      const huge = chunked(['{"a":"', ...Array.from({ length: 1000 }, () => 'x'.repeat(512)), '"}']);
      expect(await (await post(appWith(middleware), huge.body)).json()).toEqual({ status: 413 });
      expect(huge.pulled()).toBeLessThan(10);
      const small = chunked(['{"a":', '"b"}']);
      expect(await (await post(appWith(middleware), small.body)).json()).toEqual({ read: { a: 'b' } });
    });

    it(`security finding 2: the ${middleware} check refuses a declared length past the limit without reading, and leaves a multipart boundary saying json alone`, async () => {
      const declared = chunked(['{}']);
      expect(await (await post(appWith(middleware), declared.body, { 'content-length': String(LIMIT + 1) })).json()).toEqual({ status: 413 });
      expect(declared.pulled()).toBe(0);
      const app = new Hono();
      app.use('*', middleware === 'depth' ? rejectDeepJson(LIMIT) : rejectNul(LIMIT));
      app.post('/', (c) => c.text(c.req.raw.bodyUsed ? 'read' : 'unread'));
      const upload = chunked(['x'.repeat(LIMIT * 4)]);
      const answer = await post(app, upload.body, { 'content-type': 'multipart/form-data; boundary=json' });
      expect(await answer.text()).toBe('unread');
    });
  }
});
