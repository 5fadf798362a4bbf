import type { Client } from '@temporalio/client';
import { Writable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { ADAPTERS, assertAdaptersConfigured } from '../../activities/providers';
import { createApp } from '../../api/app';
import { SIGNED_HTTP_SYSTEMS, type SignedHttpSystem } from '../../config/signed-http';
import { externalSystems, SANDBOX_ADAPTER } from '../../config/providers';
import { createLogger } from '../../config/logger';
import type { Database } from '../../prisma/client';
import { testConfig } from '../support/environment';
import { applicant } from '../support/people';
import { productionEnv } from '../support/production-env';
import { alertingService, gatewayRefunds, qqCodes, wechatNoticeGateway } from '../support/signed-http-books';
import { bankBooks, registryBooks, startSignedStandin, wechatCodes, type SignedStandin, type StandinReply, type StandinRequest } from '../support/signed-http-standin';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';
import { startFaceIdStandin } from '../support/tencent-faceid-standin';

/**
 * Issue 20, done when production mode can start: SANDBOX=false, nothing
 * injected, every external system on a real adapter read from the environment
 * alone: the eight signed HTTP contracts (WeChat, QQ, the payment gateway, the
 * bank, the registry, the contact directory, the WeChat notice gateway, the
 * alerting service) each against its own stand-in with its own key, the
 * Tencent Cloud face and SMS adapters against the Tencent API stand-in, e-mail
 * against an SMTP relay on loopback. The worker and the API start, an
 * individual WeChat QR verification goes through end to end, its outcome goes
 * out by SMS, e-mail and WeChat notice, and no sandbox route exists.
 */

/** Every `/v1/sandbox/*` operation sandbox mode serves, read from its own OpenAPI document. */
async function sandboxOperations(): Promise<Array<{ method: string; path: string }>> {
  const app = createApp({ config: testConfig({ SANDBOX: 'true' }), db: {} as Database, temporal: {} as Client, logger: createLogger({ level: 'silent' }) });
  const spec = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths)
    .filter(([path]) => path.startsWith('/v1/sandbox/'))
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'prc_any') })));
}

const HTTP_SYSTEMS = Object.keys(SIGNED_HTTP_SYSTEMS) as SignedHttpSystem[];
const secretOf = (system: SignedHttpSystem) => `e2e-every-real-${system}-secret-0123456789abcdef`;

describe('production mode (SANDBOX=false) with every external system on a real adapter, from the environment alone', () => {
  let system: RunningSystem;
  const standins = {} as Record<SignedHttpSystem, SignedStandin>;
  let tencent: Awaited<ReturnType<typeof startFaceIdStandin>>;
  let relay: SMTPServer;
  const mail: Array<{ to: string[]; raw: string }> = [];
  const contacts = new Map<string, { mobile: string; email: string }>();
  const wechat = wechatCodes();
  const noticeGateway = wechatNoticeGateway();
  const alerts = alertingService();
  const gateway = gatewayRefunds();
  const handlers: Record<SignedHttpSystem, (request: StandinRequest) => StandinReply> = {
    wechat: wechat.handle,
    qq: qqCodes().handle,
    paymentGateway: gateway.handle,
    bank: bankBooks().handle,
    registry: registryBooks().handle,
    wechatNotices: noticeGateway.handle,
    operatorAlerts: alerts.handle,
    contactDirectory: (request) => {
      const accountId = decodeURIComponent(/\/v1\/accounts\/([^/]+)\/contacts$/.exec(request.path)?.[1] ?? '');
      const held = contacts.get(accountId);
      return { status: 200, body: held ? { found: true, accountId, ...held } : { found: false, accountId } };
    },
  };
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'trace',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    }),
  });

  beforeAll(async () => {
    const env: Record<string, string> = {
      ...productionEnv(),
      FACE_PROVIDER: 'tencent',
      TENCENT_FACEID_RULE_ID: '7',
      TENCENT_FACEID_TIMEOUT_SECONDS: '2',
      SMS_PROVIDER: 'tencent',
      TENCENT_SMS_SDK_APP_ID: '1400006666',
      TENCENT_SMS_SIGN_NAME: '实名认证',
      TENCENT_SMS_TEMPLATE_ID: '1234567',
      TENCENTCLOUD_SECRET_ID: 'AKIDe2eeveryreal0000',
      TENCENTCLOUD_SECRET_KEY: 'e2e-every-real-tencent-key-000000',
      EMAIL_PROVIDER: 'smtp',
      SMTP_FROM: '实名认证 <noreply@realname.example>',
    };
    for (const httpSystem of HTTP_SYSTEMS) {
      standins[httpSystem] = await startSignedStandin({ keyId: `e2e-${httpSystem}`, secret: secretOf(httpSystem), handle: (request) => handlers[httpSystem](request) });
      const prefix = `${SIGNED_HTTP_SYSTEMS[httpSystem]}_HTTP`;
      env[`${prefix}_URL`] = standins[httpSystem].url;
      env[`${prefix}_KEY_ID`] = `e2e-${httpSystem}`;
      env[`${prefix}_SECRET`] = secretOf(httpSystem);
    }
    for (const [variable, adapter] of Object.entries({
      WECHAT_PROVIDER: 'http',
      QQ_PROVIDER: 'http',
      PAYMENT_GATEWAY_PROVIDER: 'http',
      BANK_PROVIDER: 'http',
      REGISTRY_PROVIDER: 'http',
      WECHAT_NOTICE_PROVIDER: 'http',
      OPERATOR_ALERT_PROVIDER: 'http',
      CONTACT_DIRECTORY_PROVIDER: 'http',
    })) {
      env[variable] = adapter;
    }
    tencent = await startFaceIdStandin((call) =>
      call.action === 'SendSms'
        ? { response: { SendStatusSet: [{ SerialNo: 'e2e-every', PhoneNumber: (call.body.PhoneNumberSet as string[])[0], Fee: 1, SessionContext: call.body.SessionContext, Code: 'Ok', Message: 'send success', IsoCode: 'CN' }] } }
        : { error: { Code: 'InvalidParameter', Message: 'not expected in this test' } },
    );
    env.TENCENT_FACEID_ENDPOINT = tencent.endpoint;
    env.TENCENT_SMS_ENDPOINT = tencent.endpoint;
    relay = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mail.push({ to: session.envelope.rcptTo.map((to) => to.address), raw: Buffer.concat(chunks).toString('latin1') });
          callback(null);
        });
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
    env.SMTP_URL = `smtp://127.0.0.1:${(relay.server.address() as { port: number }).port}`;
    // No providers injected: each adapter is the one the environment selects.
    system = await startSystem(env, { logger });
  });
  afterAll(async () => {
    // The refunds this file made are the stand-in gateway's, not the sandbox gateway's the run's ledger check sums: removed, as tests with fakes do.
    const transactionIds = [...gateway.held.keys()];
    if (system && transactionIds.length > 0) {
      await system.db.refund.deleteMany({ where: { transactionId: { in: transactionIds } } });
      await system.db.payment.deleteMany({ where: { transactionId: { in: transactionIds } } });
    }
    await system?.stop();
    for (const standin of Object.values(standins)) await standin.stop();
    await tencent?.stop();
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  });

  it('production mode: every external system names a real adapter, and the API\'s start-up check (api/main.ts) passes on that configuration', () => {
    expect(system.config.sandbox).toBe(false);
    for (const external of externalSystems()) {
      const name = system.config.providers[external];
      expect({ external, name }).toEqual({ external, name: expect.not.stringMatching(new RegExp(`^${SANDBOX_ADAPTER}$`)) });
      expect({ external, built: ADAPTERS[external][name!] !== undefined }).toEqual({ external, built: true });
    }
    expect(() => assertAdaptersConfigured(system.config)).not.toThrow();
  });

  it('production mode: no /v1/sandbox route exists (404 even with an operator token), nor in the OpenAPI document', async () => {
    const operations = await sandboxOperations();
    expect(operations.length).toBeGreaterThan(4);
    for (const { method, path } of operations) {
      const answer = await http(system, method, path, { token: system.operatorToken, body: {} });
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
    }
    const spec = await http(system, 'GET', '/openapi.json');
    expect(Object.keys(spec.body.paths).filter((path) => path.startsWith('/v1/sandbox/'))).toEqual([]);
  });

  it('R-P4, R-G5: an individual WeChat QR verification goes through the http WeChat adapter end to end; the outcome goes out by Tencent SMS, e-mail and WeChat notice, each signed, no contact in any log in clear', async () => {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc_every_real'), displayName: 'Every real adapter' } });
    const accountId = created.body.id as string;
    contacts.set(accountId, { mobile: '+86 137 0000 3030', email: 'wang.every-real@example.cn' });
    noticeGateway.following.add(accountId);
    const token = await system.holderToken(accountId);
    const person = applicant({ name: '王全真' });
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body;
    // The code is the WeChat gateway's, issued for our ticket (its idempotency key), nothing about the person sent.
    expect(qrCode.qrUrl).toBe(wechat.codes.get(qrCode.ticket));
    const issued = standins.wechat.calls.filter((call) => call.idempotencyKey === qrCode.ticket);
    expect(issued.length).toBeGreaterThan(0);
    expect(issued.map((call) => call.body).join('')).not.toContain(person.documentNumber);

    expect((await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket })).status).toBe(200);
    await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.step === 'awaiting_authorization');
    const authorized = { eventId: uniqueId('evt'), type: 'authorized', ticket: qrCode.ticket, realName: { name: person.name, documentNumber: person.documentNumber } };
    expect((await postWebhook(system, 'wechat', authorized)).status).toBe(200);
    expect((await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.status !== 'open')).body.status).toBe('verified');

    const texted = await eventually(async () => tencent.calls.filter((call) => call.action === 'SendSms' && String(call.body.SessionContext).startsWith(`${processId}:`)), (calls) => calls.length > 0);
    expect(texted.map((call) => call.body.PhoneNumberSet)).toEqual([['+8613700003030']]);
    // The Chinese outcome notice, as domain/texts.ts composed it, in the template's parameters.
    expect(JSON.stringify(texted[0]!.body.TemplateParamSet)).toMatch(/[\u4e00-\u9fff]/);
    const mailed = await eventually(async () => mail.filter((message) => message.raw.toLowerCase().includes(`x-notice-id: ${processId.toLowerCase()}:`)), (messages) => messages.length > 0);
    expect(mailed.map((message) => message.to)).toEqual([['wang.every-real@example.cn']]);
    const noticed = await eventually(async () => noticeGateway.sent.filter((notice) => notice.noticeId.startsWith(`${processId}:`)), (sent) => sent.length > 0);
    expect(noticed).toEqual([expect.objectContaining({ accountId, title: expect.stringMatching(/[\u4e00-\u9fff]/) })]);
    expect(standins.wechatNotices.calls.filter((call) => call.idempotencyKey === noticed[0]!.noticeId)).toHaveLength(1);

    // Every signed stand-in verified every request it got: each adapter signs with its own key.
    for (const httpSystem of HTTP_SYSTEMS) expect({ httpSystem, refusals: standins[httpSystem].refusals }).toEqual({ httpSystem, refusals: [] });
    // No operator was alerted: nothing failed.
    expect(alerts.incidents).toEqual([]);
    const logged = logLines.join('\n');
    for (const secret of ['13700003030', '137 0000 3030', 'wang.every-real', person.documentNumber, person.name]) expect(logged).not.toContain(secret);
    for (const httpSystem of HTTP_SYSTEMS) expect(logged).not.toContain(secretOf(httpSystem));
  });

  it('R-E5: a payment quoting no process is refunded through the http gateway once, keyed by its transaction id, and the refund is confirmed with the gateway\'s id', async () => {
    const transactionId = uniqueId('GW');
    gateway.held.set(transactionId, 4_321);
    const paid = await postWebhook(system, 'payment', { eventId: uniqueId('evt'), transactionId, reference: 'prc_nobody_quoted', payerName: '某某有限公司', amountFen: 4_321 });
    expect(paid.body).toMatchObject({ received: true, duplicate: false, refund: { reason: 'unknown_reference' } });
    const refunded = await eventually(() => system.db.refund.findUnique({ where: { transactionId } }), (row) => row?.refundedAt != null);
    expect(refunded).toMatchObject({ amountFen: 4_321, gatewayRefundId: gateway.refunds.get(transactionId)!.refundId });
    const asked = standins.paymentGateway.calls.filter((call) => (call.json as { transactionId?: string }).transactionId === transactionId);
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked.map((call) => call.idempotencyKey))).toEqual(new Set([`refund:${transactionId}`]));
    expect(gateway.refunds.size).toBe(1);
    expect(standins.paymentGateway.refusals).toEqual([]);
  });
});
