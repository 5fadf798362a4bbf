import { createHmac, randomBytes } from 'node:crypto';
import type { PayloadKey } from '../codec/key-ring';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { DEFAULT_LANGUAGE, type Language } from '../domain/language';
import { sqlPool } from '../prisma/client';
import { seal, sealedPlaces, unseal, type SealedJson } from '../prisma/sealed';
import { readProcessWithSteps } from '../read-model/process-read';
import { processView } from '../read-model/process-view';
import type { ChannelSender } from './providers/notification-channels';
import { WebhookLookupBusyError } from './webhook-lookups';
import { postWebhook } from './webhook-post';
import { resolveHostAddresses, type ResolveHost } from './webhook-url-guard';

// Issue 19: event webhooks for the platform. RECORD_STEP (activities/process.ts)
// queues one platform event per step in the statement that records it, so an
// event exists exactly when its step does and the process never waits on a
// delivery; a process's start, a review's decision and a confirmed refund are
// queued likewise with the row that records them (activities/platform-events.ts). This pass, run by the worker apart from the processes
// (worker/webhook-delivery.ts), fans each event out to the endpoints subscribed
// to its type, fixing its body once (retries and resends send the same bytes
// under the same webhook-id), then delivers the due deliveries, signed as
// Standard Webhooks says, retrying with backoff for up to three days (Stripe's
// span). Like notices (activities/notice-delivery.ts), a delivery is claimed for
// one attempt by raising `attempts` and leasing `next_attempt_at`; only that
// claim settles it; FOR UPDATE SKIP LOCKED lets any number of workers run it.

export interface WebhookPolicy {
  /** Backoff after the n-th failed attempt: base × 2^(n − 1) seconds, at most the maximum. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** A delivery still failing this long after it was queued is given up, and its endpoint disabled. */
  maxAgeSeconds: number;
  /** An endpoint is also disabled after this many failed attempts in a row (any of its deliveries). */
  disableAfterFailures: number;
  sendTimeoutMs: number;
  /** Outside sandbox (unless WEBHOOK_ALLOW_PRIVATE_URLS): an attempt whose host is, or resolves to, no public address sends nothing and fails; the connection uses the very addresses judged (activities/webhook-post.ts). */
  refuseNonPublicHosts?: boolean;
  /** The language of the process view's texts for the holder in an event's body (NOTICE_LANGUAGE, as the notices): Chinese when unset. */
  language?: Language;
}

export const WEBHOOK_DEFAULTS: WebhookPolicy = {
  retryBaseSeconds: 5,
  retryMaxSeconds: 10 * 3600,
  maxAgeSeconds: 3 * 86_400,
  disableAfterFailures: 200,
  sendTimeoutMs: 10_000,
};

/** A signing secret as Standard Webhooks spells it: `whsec_` and the base64 of 24 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** A signing secret as it is stored: sealed, bound to its endpoint's row (prisma/sealed.ts). */
export function sealedSigningSecret(secret: string, endpointId: string, keys: readonly PayloadKey[]): SealedJson {
  return seal(secret, keys, sealedPlaces.webhookSecret(endpointId));
}

/** Standard Webhooks: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed with the secret's decoded bytes. */
export function signatureOf(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export interface WebhookDeliveryDeps {
  db: Database;
  /** The payload key ring: the endpoints' signing secrets are sealed at rest. */
  payloadKeys: readonly PayloadKey[];
  /** Where an endpoint that keeps failing is reported (activities/providers operatorAlerts). */
  operatorAlerts: ChannelSender;
  policy: WebhookPolicy;
  logger: Logger;
  batchSize?: number;
  /** How an endpoint's name is resolved for its connection: the system resolver unless a test answers its own. */
  resolveHost?: ResolveHost;
}

export interface WebhookRound {
  dispatched: number;
  delivered: number;
  retried: number;
  failed: number;
  disabled: number;
  /** Attempts put off untried: every DNS lookup slot was held by other names (activities/webhook-lookups.ts). */
  busy: number;
}

const LEASE_MARGIN_MS = 30_000;
const MAX_ERROR_LENGTH = 200;

const CLAIM_EVENTS = `
  SELECT id, type, process_id, account_id, seq, step, status, occurred_at, detail, position FROM platform_events
   WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`;

const FAN_OUT = `
  WITH fixed AS (UPDATE platform_events SET payload = $2::jsonb, dispatched_at = now() WHERE id = $1)
  INSERT INTO webhook_deliveries (id, endpoint_id, event_id, process_id, event_position)
  SELECT 'whd_' || md5(e.id || ':' || $1), e.id, $1, $4, $5 FROM webhook_endpoints e
   WHERE e.disabled_at IS NULL AND $3 = ANY(e.event_types)
  ON CONFLICT (endpoint_id, event_id) DO NOTHING`;

/**
 * The due deliveries, a batch, leased for one attempt each. To an endpoint that
 * asked for `per_process` ordering, a delivery waits while its process has an
 * earlier one unsettled (pending, in flight or in backoff; a resend is outside
 * the order) or an earlier event not fanned out yet: so at most one of a
 * process's deliveries to such an endpoint is in flight, and it is the
 * earliest. Both checks are probes of partial indexes (the migration's
 * webhook_deliveries_in_order_idx and platform_events_undispatched_idx).
 */
export const CLAIM_DELIVERIES = `
  WITH claimed AS (
    UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
     WHERE d.id IN (
       SELECT d2.id FROM webhook_deliveries d2 JOIN webhook_endpoints e ON e.id = d2.endpoint_id
        WHERE d2.delivered_at IS NULL AND d2.failed_at IS NULL AND d2.next_attempt_at <= now() AND e.disabled_at IS NULL
          AND (e.ordering <> 'per_process' OR d2.resent_at IS NOT NULL OR (
            NOT EXISTS (SELECT 1 FROM webhook_deliveries b
                         WHERE b.endpoint_id = d2.endpoint_id AND b.process_id = d2.process_id AND b.event_position < d2.event_position
                           AND b.delivered_at IS NULL AND b.failed_at IS NULL AND b.resent_at IS NULL)
            AND NOT EXISTS (SELECT 1 FROM platform_events pe
                             WHERE pe.process_id = d2.process_id AND pe.position < d2.event_position AND pe.dispatched_at IS NULL)))
        ORDER BY d2.next_attempt_at LIMIT $1 FOR UPDATE OF d2 SKIP LOCKED)
    RETURNING d.id, d.endpoint_id, d.event_id, d.attempts, d.process_id, d.event_position, d.resent_at)
  SELECT c.id, c.endpoint_id, c.event_id, c.attempts, c.process_id, c.event_position, c.resent_at IS NULL AND e.ordering = 'per_process' AS in_order,
         e.url, e.secret, ev.payload
    FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id JOIN platform_events ev ON ev.id = c.event_id`;

/**
 * After an in-order delivery failed: the process's later deliveries to the
 * endpoint that were never tried wait until its next attempt, so the claim does
 * not walk past them on every pass while it backs off ($1 endpoint, $2 process,
 * $3 position, $4 the failed one's next attempt). The claim's check above is
 * what keeps the order; this only keeps held rows out of the due ones.
 */
export const HOLD_LATER = `
  UPDATE webhook_deliveries SET next_attempt_at = $4
   WHERE endpoint_id = $1 AND process_id = $2 AND event_position > $3
     AND delivered_at IS NULL AND failed_at IS NULL AND resent_at IS NULL AND attempts = 0 AND next_attempt_at < $4`;

/** After an in-order delivery settled (delivered or given up): the later ones HOLD_LATER put off are due now ($1 endpoint, $2 process, $3 position). */
export const RELEASE_LATER = `
  UPDATE webhook_deliveries SET next_attempt_at = now()
   WHERE endpoint_id = $1 AND process_id = $2 AND event_position > $3
     AND delivered_at IS NULL AND failed_at IS NULL AND resent_at IS NULL AND attempts = 0 AND next_attempt_at > now()`;

const SETTLE_DELIVERED = `
  WITH settled AS (
    UPDATE webhook_deliveries SET delivered_at = now(), last_status = $3, last_error = NULL
     WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND failed_at IS NULL RETURNING endpoint_id)
  UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id IN (SELECT endpoint_id FROM settled)`;

/**
 * Past maxAgeSeconds a failed attempt gives the delivery up, and so disables
 * its endpoint, only once the endpoint had this many real attempts: time a
 * delivery spent put off as busy (below) is not the endpoint's. Backoff makes
 * dozens of attempts in the default 3 days, so only a delivery that waited
 * mostly for lookup slots meets this.
 */
const REAL_ATTEMPTS_BEFORE_AGE_GIVE_UP = 3;

const SETTLE_FAILED = `
  UPDATE webhook_deliveries SET last_status = $3, last_error = $4,
         failed_at = CASE WHEN created_at <= now() - make_interval(secs => $5::float8) AND attempts >= ${REAL_ATTEMPTS_BEFORE_AGE_GIVE_UP} THEN now() END,
         next_attempt_at = now() + make_interval(secs => LEAST($6::float8 * power(2, LEAST(attempts, 30) - 1), $7::float8))
   WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND failed_at IS NULL
  RETURNING failed_at IS NOT NULL AS failed, next_attempt_at`;

/**
 * An attempt that never tried its endpoint: it timed out waiting for a DNS
 * lookup slot while other names' lookups (ones that hang, most likely) held
 * them all. Not the endpoint's failure, so not counted against it: the claim's
 * attempt is handed back (`attempts` as it was before the claim, so the
 * backoff and the attempts listed are the endpoint's own), the last answer
 * stays the last real one, and the delivery is due again after the first
 * backoff step. Only the claim holding the row does so ($1 delivery, $2 its
 * attempts, $3 the delay in seconds). An older claim that lapsed (its worker
 * stalled past the lease) holds the number handed back and may still settle
 * the row: with the answer of the one attempt really made, as the row should.
 * R-G7: a delivery put off past maxAgeSeconds ($4) is given up as any other
 * (its last error says why, $5), so no wait outlasts the lookups that hold
 * the slots; operators are alerted, but its endpoint is not blamed.
 */
const SETTLE_BUSY = `
  UPDATE webhook_deliveries SET attempts = attempts - 1, next_attempt_at = now() + make_interval(secs => $3::float8),
         failed_at = CASE WHEN created_at <= now() - make_interval(secs => $4::float8) THEN now() END,
         last_error = CASE WHEN created_at <= now() - make_interval(secs => $4::float8) THEN $5 ELSE last_error END
   WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL AND failed_at IS NULL
  RETURNING failed_at IS NOT NULL AS failed, next_attempt_at`;

const COUNT_FAILURE = `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = $1 RETURNING consecutive_failures`;
const DISABLE_ENDPOINT = `UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = $2 WHERE id = $1 AND disabled_at IS NULL RETURNING id, url`;

interface QueuedEvent {
  id: string;
  type: string;
  process_id: string;
  account_id: string;
  seq: number;
  step: string;
  status: string;
  occurred_at: Date;
  /** An event's own facts beside the view: `review` (review.decided) or `refund` (payment.refunded). */
  detail: Record<string, unknown> | null;
  /** bigint, as pg answers it: a string. */
  position: string;
}

/**
 * Issue 19 (r19 review): a rejection's reason is free text an operator wrote and
 * may name a person (王小明的签字不清晰), so no event carries it, neither in
 * data.review nor in the view: not the review_rejected steps' `reason`, not
 * remittance.reviewReason. The holder reads it on the page, the platform with GET.
 */
function withoutReviewerText(view: ReturnType<typeof processView>): ReturnType<typeof processView> {
  return {
    ...view,
    remittance: view.remittance ? { ...view.remittance, reviewReason: null } : null,
    history: view.history.map((entry) => {
      if (entry.step !== 'review_rejected' || entry.detail === null || !('reason' in entry.detail)) return entry;
      const { reason: _reason, ...detail } = entry.detail;
      return { ...entry, detail };
    }),
  };
}

/** The body an event's deliveries send: its id and type, the process and account ids, its own facts and the masked process view (never personal data in clear). */
async function eventBody(db: Database, event: QueuedEvent, language: Language) {
  const process = await readProcessWithSteps(db, event.process_id);
  return {
    id: event.id,
    type: event.type,
    timestamp: event.occurred_at.toISOString(),
    data: {
      processId: event.process_id,
      accountId: event.account_id,
      seq: event.seq,
      step: event.step,
      status: event.status,
      ...(event.detail ?? {}),
      // As the API answers GET /v1/processes/{id} when the event is fanned out, less the reviewer's free text.
      process: process ? withoutReviewerText(processView(process, language)) : null,
    },
  };
}

/** Fans out the events not yet dispatched, a batch per transaction. */
async function dispatchEvents(db: Database, batchSize: number, language: Language): Promise<number> {
  let dispatched = 0;
  for (;;) {
    const client = await sqlPool(db).connect();
    let count = 0;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<QueuedEvent>(CLAIM_EVENTS, [batchSize]);
      for (const event of rows) {
        const body = await eventBody(db, event, language);
        await client.query(FAN_OUT, [event.id, JSON.stringify(body), event.type, event.process_id, event.position]);
      }
      await client.query('COMMIT');
      count = rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    dispatched += count;
    if (count < batchSize) return dispatched;
  }
}

interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  process_id: string;
  /** bigint, as pg answers it: a string. */
  event_position: string;
  /** To a `per_process` endpoint and not a resend: its settling lets the process's next delivery go. */
  in_order: boolean;
  url: string;
  /** As stored: sealed (a plain one, from before sealing, is refused until `npm run reseal`). */
  secret: unknown;
  payload: unknown;
}

/**
 * One signed POST, bounded by the timeout; the answer's status, or the error
 * that stood for it. A secret that cannot be unsealed (plain from before
 * sealing, altered, its key gone from the ring) sends nothing: the attempt
 * fails with the place and the reason, never the value, and is retried.
 */
async function post(delivery: ClaimedDelivery, keys: readonly PayloadKey[], timeoutMs: number, reach: { refuseNonPublicHosts: boolean; resolveHost: ResolveHost }): Promise<{ status: number | null; error: string | null; busy?: true }> {
  let secret: string | null;
  try {
    secret = unseal<string>(delivery.secret, keys, sealedPlaces.webhookSecret(delivery.endpoint_id));
  } catch (error) {
    return { status: null, error: `${(error as Error).name}: ${(error as Error).message}`.slice(0, MAX_ERROR_LENGTH) };
  }
  if (typeof secret !== 'string') return { status: null, error: 'SealedDataError: the signing secret is missing' };
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    // The address is judged at each attempt too (a name that resolved outside at registration may resolve inside now), by the lookup the connection itself uses.
    const status = await postWebhook({
      url: delivery.url,
      timeoutMs,
      ...reach,
      headers: {
        'content-type': 'application/json',
        'webhook-id': delivery.event_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureOf(secret, delivery.event_id, timestamp, body),
      },
      body,
    });
    // A redirect is not followed: like any answer but a 2xx, a failed attempt.
    return status >= 200 && status < 300 ? { status, error: null } : { status, error: `HTTP ${status}` };
  } catch (error) {
    if (error instanceof WebhookLookupBusyError) return { status: null, error: `${error.name}: ${error.message}`, busy: true };
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    return { status: null, error: `${name}: ${message}`.slice(0, MAX_ERROR_LENGTH) };
  }
}

function disabledAlert(endpointId: string, reason: string) {
  return {
    id: `${endpointId}:disabled`,
    accountId: 'operators',
    title: 'Webhook endpoint disabled',
    body: `Webhook endpoint ${endpointId} was disabled: ${reason}. Its deliveries are listed at GET /v1/webhook-endpoints/${endpointId}/deliveries.`,
  };
}

/** One alert a day at most (its id is the day's), however many deliveries the held slots cost. */
function lookupsHeldAlert(maxAgeSeconds: number) {
  const day = new Date().toISOString().slice(0, 10);
  return {
    id: `webhook-lookup-slots:${day}`,
    accountId: 'operators',
    title: 'Webhook deliveries given up: DNS lookup slots held',
    body:
      `Webhook deliveries were given up after ${maxAgeSeconds} s without an attempt: every DNS lookup slot of a worker stayed held ` +
      '(lookups that never answer: check the resolver, or restart the worker). Their endpoints were not counted as failing; the deliveries can be resent.',
  };
}

/**
 * Issue 19: one pass. Dispatches new events, then claims due deliveries a
 * batch at a time, posts each and settles it. An endpoint whose delivery is
 * given up after `maxAgeSeconds`, or that failed `disableAfterFailures`
 * attempts in a row, is disabled and reported to operators once. Logs name
 * deliveries and endpoints, never the body.
 */
export async function deliverDueWebhooks({ db, payloadKeys, operatorAlerts, policy, logger, batchSize = 50, resolveHost = resolveHostAddresses }: WebhookDeliveryDeps): Promise<WebhookRound> {
  const reach = { refuseNonPublicHosts: policy.refuseNonPublicHosts ?? false, resolveHost };
  const round: WebhookRound = { dispatched: await dispatchEvents(db, batchSize, policy.language ?? DEFAULT_LANGUAGE), delivered: 0, retried: 0, failed: 0, disabled: 0, busy: 0 };
  const pool = sqlPool(db);
  for (;;) {
    const { rows } = await pool.query<ClaimedDelivery>(CLAIM_DELIVERIES, [batchSize, policy.sendTimeoutMs + LEASE_MARGIN_MS]);
    const results = await Promise.all(rows.map(async (delivery) => ({ delivery, ...(await post(delivery, payloadKeys, policy.sendTimeoutMs, reach)) })));
    let busyHere = 0;
    for (const { delivery, status, error, busy } of results) {
      const chain = [delivery.endpoint_id, delivery.process_id, delivery.event_position];
      if (error === null) {
        await pool.query(SETTLE_DELIVERED, [delivery.id, delivery.attempts, status]);
        if (delivery.in_order) await pool.query(RELEASE_LATER, chain);
        round.delivered += 1;
        continue;
      }
      if (busy) {
        const putOff = await pool.query<{ failed: boolean; next_attempt_at: Date }>(SETTLE_BUSY, [delivery.id, delivery.attempts, policy.retryBaseSeconds, policy.maxAgeSeconds, error]);
        if (putOff.rows.length === 0) continue; // a lapsed claim: a newer attempt owns the row
        const givenUp = putOff.rows[0]!.failed;
        if (delivery.in_order) await pool.query(givenUp ? RELEASE_LATER : HOLD_LATER, givenUp ? chain : [...chain, putOff.rows[0]!.next_attempt_at]);
        if (givenUp) {
          round.failed += 1;
          logger.warn({ endpoint: delivery.endpoint_id, delivery: delivery.id }, 'webhook delivery given up: every DNS lookup slot stayed held; operators alerted');
          await Promise.resolve()
            .then(() => operatorAlerts.send(lookupsHeldAlert(policy.maxAgeSeconds)))
            .catch((alertError: Error) => logger.warn({ err: { name: alertError.name } }, 'operator alert for held DNS lookup slots not sent'));
        } else busyHere += 1;
        continue;
      }
      const settled = await pool.query<{ failed: boolean; next_attempt_at: Date }>(SETTLE_FAILED, [
        delivery.id, delivery.attempts, status, error, policy.maxAgeSeconds, policy.retryBaseSeconds, policy.retryMaxSeconds,
      ]);
      if (settled.rows.length === 0) continue; // a lapsed claim: a newer attempt owns the row
      const failed = settled.rows[0]!.failed;
      if (delivery.in_order) await pool.query(failed ? RELEASE_LATER : HOLD_LATER, failed ? chain : [...chain, settled.rows[0]!.next_attempt_at]);
      if (failed) round.failed += 1;
      else round.retried += 1;
      const counted = await pool.query<{ consecutive_failures: number }>(COUNT_FAILURE, [delivery.endpoint_id]);
      const inARow = counted.rows[0]?.consecutive_failures ?? 0;
      if (!failed && inARow < policy.disableAfterFailures) continue;
      const reason = failed ? `a delivery still failed ${policy.maxAgeSeconds} s after it was queued` : `${inARow} failed attempts in a row`;
      const disabled = await pool.query(DISABLE_ENDPOINT, [delivery.endpoint_id, reason]);
      if (disabled.rows.length === 0) continue;
      round.disabled += 1;
      logger.warn({ endpoint: delivery.endpoint_id, delivery: delivery.id }, 'webhook endpoint disabled; operators alerted');
      await Promise.resolve()
        .then(() => operatorAlerts.send(disabledAlert(delivery.endpoint_id, reason)))
        .catch((alertError: Error) => logger.warn({ endpoint: delivery.endpoint_id, err: { name: alertError.name } }, 'operator alert for a disabled webhook endpoint not sent'));
    }
    round.busy += busyHere;
    // The slots are full: a further batch would mostly wait for them too, and a batch that is all busy could come due again before the round ends.
    if (busyHere > 0) logger.warn({ busy: busyHere }, 'webhook deliveries put off: every DNS lookup slot is held (names that do not answer?)');
    if (rows.length < batchSize || busyHere > 0) return round;
  }
}
