import { isIP } from 'node:net';
import type { ResolveHost } from './webhook-url-guard';

// Webhook deliveries resolve integrators' host names with the system resolver
// (dns.lookup: getaddrinfo on one of libuv's 4 pool threads, with no timeout of
// ours). A name whose DNS never answers holds its thread for as long as the
// system resolver takes, well past the attempt's own timeout; a few endpoints on
// such names would take all 4 and stall fs, crypto (pbkdf2, scrypt, randomFill)
// and every other dns.lookup of the worker. So deliveries resolve through
// lookup slots: a lookup starts only in a free slot, keeps it until getaddrinfo
// really returns (an attempt that gave up on it does not free it: the thread is
// still taken), and an attempt waits for a slot no longer than its own timeout.

/**
 * Lookups at once for all webhook deliveries of the process: 2 of libuv's 4
 * threads (UV_THREADPOOL_SIZE unset), so however many lookups hang, at least 2
 * threads stay free for fs, crypto and the other lookups of the worker.
 */
export const WEBHOOK_LOOKUPS_AT_ONCE = 2;

/**
 * Lookups at once for one host name: 1. A name that hangs usually hangs for
 * each of its deliveries (a batch may hold dozens for one endpoint), so one
 * dead name costs one slot, not all of them, and other endpoints still resolve
 * through the other; a healthy name answers in milliseconds, so its deliveries
 * lose little by resolving one after another. Filling every slot takes as many
 * hanging names as there are slots.
 */
export const WEBHOOK_LOOKUPS_PER_HOST = 1;

export interface LookupLimits {
  atOnce: number;
  perHost: number;
}

export type ResolvedAddresses = Awaited<ReturnType<ResolveHost>>;

export interface WebhookLookups {
  /**
   * The name's addresses from the resolver, started in a free slot. Rejects with
   * the signal's reason once it aborts: while waiting (no lookup is started
   * then), or while the lookup runs (its slot stays taken until it answers). A
   * literal IP is handed to the resolver at once, without a slot: it needs no
   * getaddrinfo (and Node connects to one without any lookup).
   */
  resolve(host: string, signal?: AbortSignal): Promise<ResolvedAddresses>;
  /** Slots taken: lookups started that have not answered yet, given up on or not. */
  readonly running: number;
  /** Attempts waiting for a slot. */
  readonly waiting: number;
}

interface Waiter {
  key: string;
  start: () => void;
}

/** The name as the slots count it: case and a trailing dot do not make another name. */
function keyOf(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/** Lookup slots in front of `resolveHost` (its own, not shared with any other call's). */
export function boundedLookups(resolveHost: ResolveHost, limits: LookupLimits = { atOnce: WEBHOOK_LOOKUPS_AT_ONCE, perHost: WEBHOOK_LOOKUPS_PER_HOST }): WebhookLookups {
  let running = 0;
  const perHost = new Map<string, number>();
  const queue: Waiter[] = [];
  const free = (key: string) => running < limits.atOnce && (perHost.get(key) ?? 0) < limits.perHost;

  function take(key: string) {
    running += 1;
    perHost.set(key, (perHost.get(key) ?? 0) + 1);
  }

  function release(key: string) {
    running -= 1;
    const left = (perHost.get(key) ?? 1) - 1;
    if (left === 0) perHost.delete(key);
    else perHost.set(key, left);
    // The longest waiter that may start now; one whose name is at its limit does not hold back another name's.
    for (let index = 0; index < queue.length && running < limits.atOnce; ) {
      const waiter = queue[index]!;
      if (!free(waiter.key)) {
        index += 1;
        continue;
      }
      queue.splice(index, 1);
      waiter.start();
    }
  }

  function resolve(host: string, signal?: AbortSignal): Promise<ResolvedAddresses> {
    if (isIP(host) !== 0) return new Promise<ResolvedAddresses>((settle) => settle(resolveHost(host)));
    return new Promise<ResolvedAddresses>((settle, fail) => {
      if (signal?.aborted) {
        fail(signal.reason);
        return;
      }
      const key = keyOf(host);
      let done = false;
      const finish = (then: () => void) => {
        if (done) return;
        done = true;
        signal?.removeEventListener('abort', onAbort);
        then();
      };
      const waiter: Waiter = {
        key,
        start: () => {
          take(key);
          let answer: Promise<ResolvedAddresses>;
          try {
            answer = Promise.resolve(resolveHost(host));
          } catch (error) {
            answer = Promise.reject(error as Error);
          }
          // The slot is the thread's: freed when the lookup answers, whether or not anyone still waits for it.
          answer.then(
            (addresses) => {
              release(key);
              finish(() => settle(addresses));
            },
            (error: unknown) => {
              release(key);
              finish(() => fail(error));
            },
          );
        },
      };
      function onAbort() {
        const queued = queue.indexOf(waiter);
        if (queued !== -1) queue.splice(queued, 1);
        finish(() => fail(signal!.reason));
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (free(key)) waiter.start();
      else queue.push(waiter);
    });
  }

  return {
    resolve,
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
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
