import { isIP } from 'node:net';
import type { ResolveHost } from './webhook-url-guard';

// Webhook deliveries resolve integrators' host names with the system resolver
// (dns.lookup: getaddrinfo on one of libuv's pool threads, 4 unless
// UV_THREADPOOL_SIZE says otherwise, with no timeout of ours). A name whose DNS
// never answers holds its thread for as long as the system resolver takes, well
// past the attempt's own timeout; a few endpoints on such names would take every
// thread and stall fs, crypto (pbkdf2, scrypt, randomFill) and every other
// dns.lookup of the worker. So deliveries resolve through lookup slots: a lookup
// starts only in a free slot, keeps it until getaddrinfo really returns (an
// attempt that gave up on it does not free it: the thread is still taken), and
// an attempt waits for a slot, or for its lookup, no longer than its own timeout.
//
// A batch may hold dozens of deliveries to one endpoint, all posted at once: the
// attempts for one name share one lookup in flight (one slot), each judging its
// answer itself (activities/webhook-post.ts), so the rebinding protection is
// what it was. Nothing outlives the lookup: once it answers, the next attempt
// for the name looks it up afresh (DNS TTLs are the resolver's, not ours to guess).

/** libuv's pool: 4 threads unless UV_THREADPOOL_SIZE says otherwise, at most 1024. */
const LIBUV_DEFAULT_THREADS = 4;
const LIBUV_MAX_THREADS = 1024;

/**
 * Lookups at once for all webhook deliveries of the process, given
 * UV_THREADPOOL_SIZE: half of libuv's pool, at least 1 (the default pool of 4
 * gives 2). However many lookups hang, the other half stays free for fs, crypto
 * and the worker's other lookups. The size is read as libuv reads it (atoi: a
 * value that is no number, or 0, gives 1 thread; more than 1024, or a negative
 * one, which libuv takes unsigned, gives 1024).
 */
export function lookupsAtOnceFor(threadpoolSize: string | undefined): number {
  let threads = LIBUV_DEFAULT_THREADS;
  if (threadpoolSize !== undefined) {
    const parsed = Number.parseInt(threadpoolSize, 10);
    threads = Number.isNaN(parsed) || parsed === 0 ? 1 : parsed < 0 || parsed > LIBUV_MAX_THREADS ? LIBUV_MAX_THREADS : parsed;
  }
  return Math.max(1, Math.floor(threads / 2));
}

/** Lookups at once for all webhook deliveries of the process (lookupsAtOnceFor): 2 with libuv's default pool. */
export const WEBHOOK_LOOKUPS_AT_ONCE = lookupsAtOnceFor(process.env.UV_THREADPOOL_SIZE);

export interface LookupLimits {
  atOnce: number;
}

export type ResolvedAddresses = Awaited<ReturnType<ResolveHost>>;

/**
 * An attempt that gave up while its lookup was still waiting for a slot: every
 * slot was held by other names' lookups (ones that hang, most likely), so it
 * says nothing of its endpoint. Retryable; it names no host or address.
 */
export class WebhookLookupBusyError extends Error {
  override name = 'WebhookLookupBusy';
  readonly code = 'WEBHOOK_LOOKUP_BUSY';
  constructor(options?: { cause?: unknown }) {
    super('no DNS lookup slot came free within the attempt', options);
  }
}

/** Where an attempt's lookup is, read at once by whoever ends the attempt (activities/webhook-post.ts). */
export interface SlotWait {
  /** True while the attempt's lookup waits for a free slot (none of its own is running yet). */
  waitingForSlot: boolean;
  /** Epoch ms its lookup got a slot (or joined one running); unset while it waits. */
  slotAt?: number;
}

export interface WebhookLookups {
  /**
   * The name's addresses from the resolver, from the one lookup of that name in
   * flight, or one started in a free slot. Once the signal aborts, rejects:
   * while waiting for a slot, with WebhookLookupBusyError (the signal's reason
   * as its cause; a lookup nobody waits for any more is not started); while the
   * lookup runs, with the signal's reason (the lookup runs on for the others
   * waiting on it, and its slot stays taken until it answers). A literal IP is
   * handed to the resolver at once, without a slot: it needs no getaddrinfo
   * (and Node connects to one without any lookup).
   */
  resolve(host: string, signal?: AbortSignal, wait?: SlotWait): Promise<ResolvedAddresses>;
  /** Slots taken: lookups started that have not answered yet, given up on or not. */
  readonly running: number;
  /** Attempts whose lookup waits for a slot. */
  readonly waiting: number;
}

interface Waiter {
  answer: (addresses: ResolvedAddresses) => void;
  fail: (error: unknown) => void;
  wait: SlotWait | undefined;
}

/** One lookup of a name, waiting for a slot or running, and the attempts waiting on it. */
interface Flight {
  key: string;
  host: string;
  started: boolean;
  waiters: Set<Waiter>;
}

/**
 * The name as lookups are shared: case does not change what getaddrinfo answers.
 * A trailing dot may (without it, a name the resolver does not find may be
 * tried under the search domains), so it is kept. The socket's lookup options
 * (family, all, hints) change nothing here: ResolveHost always asks for every
 * address, and each attempt picks the family it wants from the answer.
 */
function keyOf(host: string): string {
  return host.toLowerCase();
}

/** Lookup slots in front of `resolveHost` (its own, not shared with any other call's). */
export function boundedLookups(resolveHost: ResolveHost, limits: LookupLimits = { atOnce: WEBHOOK_LOOKUPS_AT_ONCE }): WebhookLookups {
  let running = 0;
  const flights = new Map<string, Flight>();
  /** Flights waiting for a slot, the longest first. */
  const queue: Flight[] = [];

  function start(flight: Flight) {
    running += 1;
    flight.started = true;
    const now = Date.now();
    for (const waiter of flight.waiters) {
      if (waiter.wait) Object.assign(waiter.wait, { waitingForSlot: false, slotAt: now });
    }
    let answer: Promise<ResolvedAddresses>;
    try {
      answer = Promise.resolve(resolveHost(flight.host));
    } catch (error) {
      answer = Promise.reject(error as Error);
    }
    // The slot is the thread's: freed when the lookup answers, whether or not anyone still waits for it.
    const land = (deliver: (waiter: Waiter) => void) => {
      running -= 1;
      // An attempt asking from now on starts a lookup of its own: no answer is kept past this one.
      flights.delete(flight.key);
      const waiters = [...flight.waiters];
      flight.waiters.clear();
      for (const waiter of waiters) deliver(waiter);
      while (running < limits.atOnce && queue.length > 0) start(queue.shift()!);
    };
    answer.then(
      (addresses) => land((waiter) => waiter.answer(addresses)),
      (error: unknown) => land((waiter) => waiter.fail(error)),
    );
  }

  function resolve(host: string, signal?: AbortSignal, wait?: SlotWait): Promise<ResolvedAddresses> {
    if (isIP(host) !== 0) return new Promise<ResolvedAddresses>((settle) => settle(resolveHost(host)));
    return new Promise<ResolvedAddresses>((settle, fail) => {
      if (signal?.aborted) {
        fail(signal.reason);
        return;
      }
      const key = keyOf(host);
      let flight = flights.get(key);
      const fresh = flight === undefined;
      if (flight === undefined) {
        flight = { key, host, started: false, waiters: new Set() };
        flights.set(key, flight);
      }
      const mine = flight;
      const done = (then: () => void) => {
        signal?.removeEventListener('abort', onAbort);
        if (wait) wait.waitingForSlot = false;
        then();
      };
      const waiter: Waiter = {
        answer: (addresses) => done(() => settle(addresses)),
        fail: (error) => done(() => fail(error)),
        wait,
      };
      function onAbort() {
        mine.waiters.delete(waiter);
        if (mine.started) {
          done(() => fail(signal!.reason));
          return;
        }
        // Nobody waits for this name any more: its lookup is not started at all.
        if (mine.waiters.size === 0) {
          flights.delete(mine.key);
          queue.splice(queue.indexOf(mine), 1);
        }
        done(() => fail(signal!.reason instanceof WebhookLookupBusyError ? signal!.reason : new WebhookLookupBusyError({ cause: signal!.reason })));
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      mine.waiters.add(waiter);
      if (wait) {
        wait.waitingForSlot = !mine.started;
        if (mine.started) wait.slotAt = Date.now();
      }
      if (!fresh) return;
      if (running < limits.atOnce) start(mine);
      else queue.push(mine);
    });
  }

  return {
    resolve,
    get running() {
      return running;
    },
    get waiting() {
      return queue.reduce((count, flight) => count + flight.waiters.size, 0);
    },
  };
}

const slotsOf = new WeakMap<ResolveHost, WebhookLookups>();

/**
 * The one set of slots of a resolver for the process's life: the system
 * resolver's cap holds across delivery rounds and activities (a lookup stuck in
 * one round still holds its slot in the next), and a test's resolver has its own.
 */
export function webhookLookupsOf(resolveHost: ResolveHost): WebhookLookups {
  let lookups = slotsOf.get(resolveHost);
  if (lookups === undefined) {
    lookups = boundedLookups(resolveHost);
    slotsOf.set(resolveHost, lookups);
  }
  return lookups;
}
