import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedLookups, lookupsAtOnceFor, WEBHOOK_LOOKUPS_AT_ONCE, WebhookLookupBusyError, webhookLookupsOf, type ResolvedAddresses, type SlotWait } from '../activities/webhook-lookups';
import { postWebhook } from '../activities/webhook-post';
import type { ResolveHost } from '../activities/webhook-url-guard';

// A name whose DNS never answers holds one of libuv's 4 threads for as long as
// getaddrinfo takes. Webhook lookups go through slots (activities/webhook-lookups.ts):
// at most WEBHOOK_LOOKUPS_AT_ONCE at once (half of libuv's pool), one lookup in
// flight per name shared by all its attempts, a slot held until the lookup
// really answers, an attempt waiting no longer than its timeout, and one that
// times out still waiting for a slot failing as WebhookLookupBusy.

/** A resolver whose every lookup hangs until the test answers or fails it; it counts its calls. */
function heldResolver() {
  const calls: string[] = [];
  const pending: Array<{ host: string; answer: (addresses: ResolvedAddresses) => void; fail: (error: Error) => void }> = [];
  const resolveHost: ResolveHost = (host) => {
    calls.push(host);
    return new Promise((answer, fail) => pending.push({ host, answer, fail }));
  };
  const take = (host: string) => {
    const index = pending.findIndex((entry) => entry.host === host);
    if (index === -1) throw new Error(`no lookup of ${host} is pending`);
    return pending.splice(index, 1)[0]!;
  };
  return {
    resolveHost,
    calls,
    answer: (host: string, ...addresses: string[]) => take(host).answer(addresses.map((address) => ({ address }))),
    fail: (host: string) => take(host).fail(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })),
  };
}

/** Lets pending promise callbacks and ticks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const TIMEOUT_MESSAGE = 'The operation was aborted due to timeout';
const BUSY = { name: 'WebhookLookupBusy', code: 'WEBHOOK_LOOKUP_BUSY', message: 'no DNS lookup slot came free within the attempt' };
const TWO = { atOnce: 2 };

describe('the cap follows UV_THREADPOOL_SIZE (lookupsAtOnceFor)', () => {
  test('half of libuv pool, at least 1, the size read as libuv reads it', () => {
    expect(lookupsAtOnceFor(undefined)).toBe(2); // libuv's default pool of 4
    expect(lookupsAtOnceFor('4')).toBe(2);
    expect(lookupsAtOnceFor('1')).toBe(1);
    expect(lookupsAtOnceFor('2')).toBe(1);
    expect(lookupsAtOnceFor('3')).toBe(1);
    expect(lookupsAtOnceFor('8')).toBe(4);
    expect(lookupsAtOnceFor('64')).toBe(32);
    // libuv: atoi; 0 (or no number) gives 1 thread, more than 1024 gives 1024 (a negative value, taken unsigned, too).
    expect(lookupsAtOnceFor('0')).toBe(1);
    expect(lookupsAtOnceFor('')).toBe(1);
    expect(lookupsAtOnceFor('many')).toBe(1);
    expect(lookupsAtOnceFor('16 threads')).toBe(8);
    expect(lookupsAtOnceFor('5000')).toBe(512);
    expect(lookupsAtOnceFor('-1')).toBe(512);
    expect(WEBHOOK_LOOKUPS_AT_ONCE).toBe(lookupsAtOnceFor(process.env.UV_THREADPOOL_SIZE));
  });
});

describe('webhook lookup slots (activities/webhook-lookups.ts)', () => {
  test('the cap holds: with 2 lookups hanging the 3rd does not start, and starts once one answers', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    const answers = ['a.example', 'b.example', 'c.example'].map((host) => lookups.resolve(host));
    await settle();
    expect(dns.calls).toEqual(['a.example', 'b.example']);
    expect(lookups).toMatchObject({ running: 2, waiting: 1 });
    dns.answer('b.example', '93.184.216.34');
    expect(await answers[1]).toEqual([{ address: '93.184.216.34' }]);
    await settle();
    expect(dns.calls).toEqual(['a.example', 'b.example', 'c.example']);
    expect(lookups).toMatchObject({ running: 2, waiting: 0 });
  });

  test('one lookup in flight per name, shared whatever the case (one slot); a trailing dot, which may change the answer, is a lookup of its own', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, { atOnce: 3 });
    const first = lookups.resolve('hooks.example');
    const second = lookups.resolve('HOOKS.Example');
    await settle();
    expect(dns.calls).toEqual(['hooks.example']);
    expect(lookups.running).toBe(1);
    const dotted = lookups.resolve('hooks.example.');
    const other = lookups.resolve('other.example');
    await settle();
    expect(dns.calls).toEqual(['hooks.example', 'hooks.example.', 'other.example']);
    dns.answer('hooks.example', '93.184.216.34');
    expect(await first).toEqual([{ address: '93.184.216.34' }]);
    expect(await second).toEqual([{ address: '93.184.216.34' }]);
    dns.answer('hooks.example.', '93.184.216.35');
    dns.answer('other.example', '93.184.216.36');
    expect(await dotted).toEqual([{ address: '93.184.216.35' }]);
    expect(await other).toEqual([{ address: '93.184.216.36' }]);
    expect(lookups).toMatchObject({ running: 0, waiting: 0 });
  });

  test('50 waiters for one name: one lookup, one slot, the answer to each', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    const answers = Array.from({ length: 50 }, () => lookups.resolve('busy.example'));
    await settle();
    expect(dns.calls).toEqual(['busy.example']);
    expect(lookups).toMatchObject({ running: 1, waiting: 0 });
    dns.answer('busy.example', '93.184.216.34');
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 50 }, () => [{ address: '93.184.216.34' }]));
    expect(lookups).toMatchObject({ running: 0, waiting: 0 });
  });

  test('a waiter that gives up does not cancel the shared lookup: the others still get its answer', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    const early = new AbortController();
    const impatient = lookups.resolve('shared.example', early.signal);
    const patient = [lookups.resolve('shared.example'), lookups.resolve('shared.example', new AbortController().signal)];
    await settle();
    const reason = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    early.abort(reason);
    // Its lookup was running: the attempt's own reason, not busy.
    await expect(impatient).rejects.toBe(reason);
    expect(lookups.running).toBe(1);
    // A later waiter joins the same lookup, still in flight.
    const late = lookups.resolve('SHARED.example');
    await settle();
    dns.answer('shared.example', '93.184.216.34');
    expect(await Promise.all([...patient, late])).toEqual(Array.from({ length: 3 }, () => [{ address: '93.184.216.34' }]));
    expect(dns.calls).toEqual(['shared.example']);
    expect(lookups.running).toBe(0);
  });

  test('an error answer reaches every waiter of the shared lookup', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    const answers = Array.from({ length: 5 }, () => lookups.resolve('gone.example'));
    await settle();
    dns.fail('gone.example');
    const ended = await Promise.allSettled(answers);
    expect(ended.map((result) => result.status === 'rejected' && (result.reason as { code?: string }).code)).toEqual(Array.from({ length: 5 }, () => 'ENOTFOUND'));
    expect(dns.calls).toEqual(['gone.example']);
    expect(lookups.running).toBe(0);
  });

  test('no answer is kept: once the lookup answered, the next waiter for the name starts a lookup of its own', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    const first = lookups.resolve('ttl.example');
    await settle();
    dns.answer('ttl.example', '93.184.216.34');
    expect(await first).toEqual([{ address: '93.184.216.34' }]);
    const second = lookups.resolve('ttl.example');
    await settle();
    expect(dns.calls).toEqual(['ttl.example', 'ttl.example']);
    dns.answer('ttl.example', '93.184.216.35');
    expect(await second).toEqual([{ address: '93.184.216.35' }]);
    // Likewise after an error answer.
    const third = lookups.resolve('ttl.example');
    await settle();
    dns.fail('ttl.example');
    await expect(third).rejects.toMatchObject({ code: 'ENOTFOUND' });
    const fourth = lookups.resolve('ttl.example');
    await settle();
    expect(dns.calls).toHaveLength(4);
    dns.answer('ttl.example', '93.184.216.36');
    expect(await fourth).toEqual([{ address: '93.184.216.36' }]);
  });

  test('waiters queued for a slot share their lookup too, and each knows it waits for a slot until it starts', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    void lookups.resolve('a.example');
    void lookups.resolve('b.example');
    const waits: SlotWait[] = [{ waitingForSlot: false }, { waitingForSlot: false }];
    const queued = waits.map((wait) => lookups.resolve('c.example', undefined, wait));
    expect(waits.map((wait) => wait.waitingForSlot)).toEqual([true, true]);
    expect(lookups.waiting).toBe(2);
    dns.answer('a.example', '93.184.216.34');
    await settle();
    expect(waits.map((wait) => wait.waitingForSlot)).toEqual([false, false]);
    expect(dns.calls).toEqual(['a.example', 'b.example', 'c.example']);
    dns.answer('c.example', '93.184.216.35');
    expect(await Promise.all(queued)).toEqual([[{ address: '93.184.216.35' }], [{ address: '93.184.216.35' }]]);
    dns.answer('b.example', '93.184.216.34');
  });

  test('slots are released on an answer and on a lookup error, and the error reaches the caller', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    const good = lookups.resolve('good.example');
    const bad = lookups.resolve('bad.example');
    const later = [lookups.resolve('c.example'), lookups.resolve('d.example')];
    await settle();
    expect(lookups).toMatchObject({ running: 2, waiting: 2 });
    dns.answer('good.example', '93.184.216.34');
    dns.fail('bad.example');
    await expect(good).resolves.toEqual([{ address: '93.184.216.34' }]);
    await expect(bad).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await settle();
    // Both freed slots went to the waiters.
    expect(dns.calls).toEqual(['good.example', 'bad.example', 'c.example', 'd.example']);
    dns.answer('c.example', '93.184.216.36');
    dns.fail('d.example');
    await Promise.allSettled(later);
    expect(lookups).toMatchObject({ running: 0, waiting: 0 });
  });

  test('an abort while the lookup runs rejects at once with its reason, but the slot stays taken until the lookup answers', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    const attempt = new AbortController();
    const stuck = lookups.resolve('stuck.example', attempt.signal);
    await settle();
    const reason = new Error('timed out');
    attempt.abort(reason);
    await expect(stuck).rejects.toBe(reason);
    expect(lookups.running).toBe(1);
    dns.answer('stuck.example', '93.184.216.34');
    await settle();
    expect(lookups.running).toBe(0);
  });

  test('a waiter aborted while waiting for a slot fails as busy (naming no host), gives up its place and never starts its lookup', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    void lookups.resolve('a.example');
    void lookups.resolve('b.example');
    const attempt = new AbortController();
    const waiting = lookups.resolve('c.example', attempt.signal);
    await settle();
    expect(lookups.waiting).toBe(1);
    const reason = new Error('timed out');
    attempt.abort(reason);
    const busy = await waiting.catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(WebhookLookupBusyError);
    expect(busy).toMatchObject({ ...BUSY, cause: reason });
    expect((busy as Error).message).not.toContain('c.example');
    expect(lookups.waiting).toBe(0);
    dns.answer('a.example', '93.184.216.34');
    dns.answer('b.example', '93.184.216.34');
    await settle();
    expect(dns.calls).toEqual(['a.example', 'b.example']);
    expect(lookups.running).toBe(0);
    // An attempt already over when it asks starts nothing either.
    await expect(lookups.resolve('d.example', AbortSignal.abort(new Error('over')))).rejects.toThrow('over');
    expect(dns.calls).toEqual(['a.example', 'b.example']);
  });

  test('a literal IP takes no slot: answered while every slot is taken', async () => {
    const dns = heldResolver();
    const lookups = boundedLookups(dns.resolveHost, TWO);
    void lookups.resolve('a.example');
    void lookups.resolve('b.example');
    const literal = lookups.resolve('93.184.216.34');
    expect(lookups).toMatchObject({ running: 2, waiting: 0 });
    dns.answer('93.184.216.34', '93.184.216.34');
    await expect(literal).resolves.toEqual([{ address: '93.184.216.34' }]);
    expect(lookups.running).toBe(2);
  });
});

describe('a webhook attempt resolves through the slots (activities/webhook-post.ts)', () => {
  let server: Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      received += 1;
      request.resume();
      request.on('end', () => response.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const attempt = (resolveHost: ResolveHost, host: string, timeoutMs: number, refuseNonPublicHosts = true) =>
    postWebhook({ url: `http://${host}:${port}/hooks`, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs, resolveHost, refuseNonPublicHosts });

  /** How an attempt ended, and when (ms after it started). */
  const outcome = async (posting: Promise<number>) => {
    const started = Date.now();
    try {
      return { status: await posting, elapsed: Date.now() - started };
    } catch (error) {
      return { error: error as Error, elapsed: Date.now() - started };
    }
  };

  test('the cap holds for attempts: with 2 lookups hanging, a 3rd attempt on another name does not call the resolver', async () => {
    const dns = heldResolver();
    const attempts = ['a.example', 'b.example', 'c.example'].map((host) => outcome(attempt(dns.resolveHost, host, 300)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(dns.calls).toEqual(['a.example', 'b.example']);
    const ended = await Promise.all(attempts);
    // The two whose lookups hang time out; the third never got a slot: busy, not its endpoint's slowness.
    expect(ended.map((result) => result.error?.name)).toEqual(['TimeoutError', 'TimeoutError', 'WebhookLookupBusy']);
    expect(dns.calls).toEqual(['a.example', 'b.example']);
    dns.answer('a.example', '93.184.216.34');
    dns.answer('b.example', '93.184.216.34');
  });

  test('a hanging lookup fails the attempt at its timeout, as a timeout (retried), naming no host; its slot stays taken until the lookup answers', async () => {
    const dns = heldResolver();
    const { error, elapsed } = await outcome(attempt(dns.resolveHost, 'stuck.example', 150));
    expect(error).toMatchObject({ name: 'TimeoutError', message: TIMEOUT_MESSAGE });
    expect(error!.message).not.toContain('stuck.example');
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2_000);
    const slots = webhookLookupsOf(dns.resolveHost);
    expect(slots.running).toBe(1);
    // Stuck lookups never exceed the cap: a second stuck name takes the last slot, a third attempt starts no lookup.
    await outcome(attempt(dns.resolveHost, 'stuck-too.example', 100));
    const third = await outcome(attempt(dns.resolveHost, 'fresh.example', 100));
    expect(third.error).toMatchObject(BUSY);
    expect(dns.calls).toEqual(['stuck.example', 'stuck-too.example']);
    expect(slots.running).toBe(2);
    // The lookup finally answers (to an attempt long gone): its slot is free, and the next attempt resolves and is delivered.
    dns.answer('stuck.example', '127.0.0.1');
    await settle();
    expect(slots.running).toBe(1);
    const next = attempt(dns.resolveHost, 'fresh.example', 2_000, false);
    await settle();
    dns.answer('fresh.example', '127.0.0.1');
    expect(await next).toBe(200);
    expect(slots.running).toBe(1);
    dns.answer('stuck-too.example', '127.0.0.1');
    await settle();
    expect(slots.running).toBe(0);
  });

  test('an attempt waiting for a slot gives up at its own timeout as busy (naming no host), without calling the resolver, and never calls it later', async () => {
    const dns = heldResolver();
    const holders = ['a.example', 'b.example'].map((host) => outcome(attempt(dns.resolveHost, host, 5_000)));
    await settle();
    const { error, elapsed } = await outcome(attempt(dns.resolveHost, 'waiter.example', 150));
    expect(error).toBeInstanceOf(WebhookLookupBusyError);
    expect(error).toMatchObject(BUSY);
    expect(error!.message).not.toContain('waiter.example');
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2_000);
    expect(webhookLookupsOf(dns.resolveHost).waiting).toBe(0);
    dns.fail('a.example');
    dns.fail('b.example');
    const held = await Promise.all(holders);
    // A lookup error is still the name's (as before): refused, not a timeout.
    expect(held.map((result) => result.error?.message)).toEqual(['a.example does not resolve', 'b.example does not resolve']);
    await settle();
    expect(dns.calls).toEqual(['a.example', 'b.example']);
    expect(webhookLookupsOf(dns.resolveHost).running).toBe(0);
  });

  test('with every slot held by hanging names, an attempt joining its own name\'s hanging lookup times out (TimeoutError), one waiting for a slot is busy', async () => {
    const dns = heldResolver();
    const holders = ['a.example', 'b.example'].map((host) => outcome(attempt(dns.resolveHost, host, 5_000)));
    await settle();
    const [own, other] = await Promise.all([outcome(attempt(dns.resolveHost, 'a.example', 150)), outcome(attempt(dns.resolveHost, 'c.example', 150))]);
    expect(own.error).toMatchObject({ name: 'TimeoutError', message: TIMEOUT_MESSAGE });
    expect(other.error).toMatchObject(BUSY);
    expect(dns.calls).toEqual(['a.example', 'b.example']);
    dns.answer('a.example', '127.0.0.1');
    dns.answer('b.example', '127.0.0.1');
    await Promise.all(holders);
  });

  test('an attempt granted a slot only in the second half of its budget, then timing out, is busy (its endpoint had no fair try); one granted early times out as a timeout', async () => {
    for (const [grantAfterMs, expected] of [[200, 'WebhookLookupBusy'], [40, 'TimeoutError']] as const) {
      const dns = heldResolver();
      const holders = ['a.example', 'b.example'].map((host) => outcome(attempt(dns.resolveHost, host, 5_000)));
      await settle();
      const late = outcome(attempt(dns.resolveHost, 'c.example', 300));
      await new Promise((resolve) => setTimeout(resolve, grantAfterMs));
      // A slot comes free: c's lookup starts, and hangs past the attempt's timeout.
      dns.answer('a.example', '127.0.0.1');
      const { error } = await late;
      expect(dns.calls).toContain('c.example');
      expect(error?.name).toBe(expected);
      dns.answer('b.example', '127.0.0.1');
      dns.answer('c.example', '127.0.0.1');
      await Promise.all(holders);
    }
  });

  test('50 attempts at once to one healthy name whose lookup takes 300 ms: one lookup, all delivered well within their timeout', async () => {
    const calls: string[] = [];
    const slowDns: ResolveHost = async (host) => {
      calls.push(host);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return [{ address: '127.0.0.1' }];
    };
    const before = received;
    const started = Date.now();
    const ended = await Promise.all(Array.from({ length: 50 }, () => outcome(attempt(slowDns, 'hooks.example', 2_000, false))));
    expect(ended.filter((result) => result.error !== undefined).map((result) => result.error!.name)).toEqual([]);
    expect(ended.map((result) => result.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(calls).toEqual(['hooks.example']);
    expect(received).toBe(before + 50);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(webhookLookupsOf(slowDns)).toMatchObject({ running: 0, waiting: 0 });
  });

  test('a literal IP host is delivered while every slot is taken, with no lookup', async () => {
    const dns = heldResolver();
    const holders = ['a.example', 'b.example'].map((host) => outcome(attempt(dns.resolveHost, host, 5_000)));
    await settle();
    const before = received;
    expect(await attempt(dns.resolveHost, '127.0.0.1', 2_000, false)).toBe(200);
    expect(received).toBe(before + 1);
    expect(dns.calls).toEqual(['a.example', 'b.example']);
    dns.answer('a.example', '127.0.0.1');
    dns.answer('b.example', '127.0.0.1');
    await Promise.all(holders);
  });

  test('slots are released after a delivered attempt and after a refused one', async () => {
    const dns = heldResolver();
    const slots = webhookLookupsOf(dns.resolveHost);
    const delivered = outcome(attempt(dns.resolveHost, 'ok.example', 2_000, false));
    const refused = outcome(attempt(dns.resolveHost, 'inside.example', 2_000, true));
    await settle();
    expect(slots.running).toBe(2);
    dns.answer('ok.example', '127.0.0.1');
    dns.answer('inside.example', '10.0.0.5');
    expect((await delivered).status).toBe(200);
    // The judgement is as before, and names no address.
    expect((await refused).error).toMatchObject({ name: 'NonPublicAddress', message: 'inside.example resolves to a non-public address' });
    expect(slots).toMatchObject({ running: 0, waiting: 0 });
  });
});
