import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { createApiClient, uploadForm, type Schemas } from '../../api/client';
import { dataConverter } from '../../codec/data-converter';
import { signWebhook } from '../../api/webhook-signature';
import type { Config } from '../../config';
import { createLogger, type Logger } from '../../config/logger';
import { createDatabase, type Database } from '../../prisma/client';
import { createWorker } from '../../worker/create-worker';
import { startNoticeDelivery } from '../../worker/notice-delivery';
import { startRefundDelivery } from '../../worker/refund-delivery';
import { startWebhookDelivery } from '../../worker/webhook-delivery';
import { startFaceBackstop } from '../../worker/face-backstop';
import type { ChannelSenders } from '../../activities/notice-delivery';
import { SANDBOX_TRANSACTION_PREFIX, sandboxPaymentGateway, type PaymentGateway } from '../../activities/providers/payment-gateway';
import { assembleProviders, type Providers } from '../../activities/providers';
import type { ChannelSender } from '../../activities/providers/notification-channels';
import { testConfig, testEnvironment } from './environment';
import { installQuietRuntime } from './runtime';


export interface RunningSystem {
  baseUrl: string;
  config: Config;
  db: Database;
  temporal: Client;
  worker: Worker;
  operatorToken: string;
  holderToken(accountId: string): Promise<string>;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Where the API and the worker's notice delivery log (nowhere by default). */
  logger?: Logger;
  /**
   * Adapters for the ports (activities/providers/index.ts), as worker/main.ts
   * would build them, for the activities and the loops alike; the rest are the
   * ones config selects (the sandbox ones in sandbox mode). Outside sandbox
   * mode (productionEnv()) every port needs one: fakeProviders() gives them all.
   */
  providers?: Partial<Providers>;
  /** The outcome notices' channels (shorthand for providers.sms, .email, .wechatNotices). */
  senders?: ChannelSenders;
  /** Where reviews, payouts and the delivery loop alert operators (shorthand for providers.operatorAlerts). */
  operatorAlerts?: ChannelSender;
}

/**
 * The real API (over HTTP on a free port) and a real worker with its notice
 * delivery loop, against the provisioned PostgreSQL and Temporal.
 * The API logs nowhere unless a test passes a logger (to read what it writes).
 */
export async function startSystem(env: Record<string, string> = {}, options: SystemOptions = {}): Promise<RunningSystem> {
  installQuietRuntime();
  // A key ring of its own, as outside sandbox mode: nothing may depend on the published sandbox key.
  const config = testConfig({ PAYLOAD_KEYS: `test:${randomBytes(32).toString('base64')}`, ...env });
  const db = createDatabase(config.databaseUrl!, config.database);
  const { senders, operatorAlerts } = options;
  const injected: Partial<Providers> = {
    ...(senders ? { sms: senders.sms, email: senders.email, wechatNotices: senders.wechat } : {}),
    ...(operatorAlerts ? { operatorAlerts } : {}),
    ...options.providers,
  };
  const logger = options.logger ?? createLogger({ level: 'silent' });
  // As worker/main.ts does: one adapter per port; outside sandbox mode a missing one throws here.
  const providers = await Promise.resolve()
    .then(() => assembleProviders({ db, config, logger }, injected))
    .catch(async (error: unknown) => {
      await db.$disconnect();
      throw error;
    })
    .then((assembled) => ({ ...assembled, paymentGateway: settlingSandboxPayments(assembled.paymentGateway, db) }));
  const connection = await Connection.connect({ address: config.temporal.address! });
  const temporal = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config) });
  const workerConnection = await NativeConnection.connect({ address: config.temporal.address! });
  const worker = await createWorker({ db, config, connection: workerConnection, workflowBundlePath: testEnvironment().workflowBundlePath, providers });
  const workerRun = worker.run();
  // As worker/main.ts does (R-G7).
  const stopDelivery = startNoticeDelivery(db, config, logger, providers);
  // R-E5: as worker/main.ts does, every second so tests see refunds soon.
  const stopRefunds = startRefundDelivery(db, logger, { gateway: providers.paymentGateway, operatorAlerts: providers.operatorAlerts, intervalSeconds: 1 });
  // Issue 19: as worker/main.ts does, every half second so tests (and the demo's receiver) see events soon.
  const stopWebhooks = startWebhookDelivery(db, logger, providers, { payloadKeys: config.payloadKeys, intervalMs: 500 });
  // Issue 20: as worker/main.ts does, with FACE_PROVIDER=tencent (TENCENT_FACEID_POLL_SECONDS sets its pace).
  const stopFaceBackstop = startFaceBackstop(db, config, logger, { face: providers.face, temporal });
  const app = createApp({ config, db, temporal, logger });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config.api.publicUrl = baseUrl;
  const { jwtSecret, issuer } = config.auth;
  return {
    baseUrl,
    config,
    db,
    temporal,
    worker,
    operatorToken: await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'test-operator' }),
    holderToken: (accountId) => issueToken(jwtSecret, issuer, { role: 'holder', subject: `holder-${accountId}`, accountId }),
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      worker.shutdown();
      await workerRun;
      await stopDelivery();
      await stopRefunds();
      await stopWebhooks();
      await stopFaceBackstop();
      await Promise.all([workerConnection.close(), connection.close(), db.$disconnect()]);
    },
  };
}

/**
 * Every test file's system shares one database, and the refund sweep takes
 * any refund still due, whichever file decided it (workflows are not shared:
 * each system has its own task queue), so a system with another gateway (fakeProviders(), an http stand-in) could mark
 * a sandbox payment refunded that the sandbox gateway never returned, and the
 * run's ledger check would rightly fail. Each payment goes back through the
 * gateway that took it, as in production where there is only one: the
 * sandbox's payments (named with SANDBOX_TRANSACTION_PREFIX) to the
 * sandbox gateway, the rest to the one the test chose.
 */
function settlingSandboxPayments(gateway: PaymentGateway, db: Database): PaymentGateway {
  const sandbox = sandboxPaymentGateway(db);
  return { refund: (request) => (request.transactionId.startsWith(SANDBOX_TRANSACTION_PREFIX) ? sandbox : gateway).refund(request) };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A request to the API, as a client would make it. It asks for English
 * (`Accept-Language: en`) unless its headers say otherwise, so tests read the
 * texts they assert in English; holders get Chinese by default, which
 * tests/e2e/holder-languages.test.ts proves.
 */
export async function http<T = any>(
  system: Pick<RunningSystem, 'baseUrl'>,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const response = await fetch(`${system.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      'accept-language': 'en',
      ...options.headers,
    },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** Posts a webhook signed the way the provider signs it (or with a given secret, to prove refusals). */
export function postWebhook(
  system: Pick<RunningSystem, 'baseUrl' | 'config'>,
  provider: 'wechat' | 'qq' | 'face' | 'payment',
  event: unknown,
  options: { secret?: string; timestamp?: number } = {},
): Promise<HttpResult> {
  const body = JSON.stringify(event);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = signWebhook(options.secret ?? system.config.webhookSecrets[provider], timestamp, body);
  return http(system, 'POST', `/v1/webhooks/${provider}`, {
    body,
    headers: { 'x-signature': signature, 'x-signature-timestamp': String(timestamp) },
  });
}

/** Polls until `check` holds, as a client would; fails with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let counter = 0;
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

const TINY_PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/** Uploads a tiny PNG for the purpose (POST /v1/documents, by the generated client) as the token's holder; returns the document id. */
export async function uploadDocument(system: Pick<RunningSystem, 'baseUrl'>, token: string, purpose: string): Promise<string> {
  const { data, response } = await createApiClient({ baseUrl: system.baseUrl, token }).POST('/v1/documents', {
    body: { purpose: purpose as Schemas['Document']['purpose'], file: `${purpose}.png` },
    bodySerializer: uploadForm(new Blob([Buffer.from(TINY_PNG)])),
  });
  if (response.status !== 201 || !data) throw new Error(`upload of ${purpose} answered ${response.status}`);
  return data.id;
}
