import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { signWebhook } from '../api/webhook-signature';
import { createLogger } from '../config/logger';
import { faceCheckBook } from '../activities/face-backstop';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { randomMainlandId } from './support/people';
import { productionEnv } from './support/production-env';
import { uniqueId } from './support/system';
import { startFaceIdStandin, type ReceivedCall, type StandinAnswer } from './support/tencent-faceid-standin';

// Issue 20, security review (r20): with FACE_PROVIDER=tencent the only way a
// face check may end is a result read from Tencent with our credentials
// (R-P10). The API runs on the provisioned PostgreSQL with a Temporal client
// that records the signals it is asked to send.
describe('issue 20: FACE_PROVIDER=tencent has no other door to a face result (R-P10)', () => {
  let answer: (call: ReceivedCall) => StandinAnswer = () => ({ status: 500 });
  let standin: Awaited<ReturnType<typeof startFaceIdStandin>>;
  let db: Database;
  let app: ReturnType<typeof createApp>;
  let config: ReturnType<typeof testConfig>;
  const signals: Array<{ workflowId: string; event: Record<string, unknown> }> = [];
  const temporal = {
    workflow: { getHandle: (workflowId: string) => ({ signal: async (_definition: unknown, event: Record<string, unknown>) => void signals.push({ workflowId, event }) }) },
  } as unknown as Client;
  const accountId = uniqueId('acc_r20_face');
  const processIds: string[] = [];
  const bizTokens: string[] = [];

  beforeAll(async () => {
    standin = await startFaceIdStandin((call) => answer(call));
    config = testConfig({
      ...productionEnv(),
      FACE_PROVIDER: 'tencent',
      TENCENT_FACEID_RULE_ID: '7',
      TENCENTCLOUD_SECRET_ID: 'AKIDr20standin0000000',
      TENCENTCLOUD_SECRET_KEY: 'r20-standin-secret-key-000000000000',
      TENCENT_FACEID_ENDPOINT: standin.endpoint,
      TENCENT_FACEID_TIMEOUT_SECONDS: '2',
    });
    db = createDatabase(config.databaseUrl!, config.database);
    app = createApp({ config, db, temporal, logger: createLogger({ level: 'silent' }) });
    await db.account.create({ data: { id: accountId, displayName: 'r20 face doors' } });
  });
  afterAll(async () => {
    await sqlPool(db).query('DELETE FROM tencent_face_checks WHERE biz_token = ANY($1)', [bizTokens]);
    await db.webhookEvent.deleteMany({ where: { processId: { in: processIds } } });
    await db.qrTicket.deleteMany({ where: { processId: { in: processIds } } });
    await db.process.deleteMany({ where: { id: { in: processIds } } });
    await db.account.deleteMany({ where: { id: accountId } });
    await db.$disconnect();
    await standin.stop();
  });
  beforeEach(() => {
    signals.length = 0;
  });

  /** An open face process with a face ticket, as issueQrCode records it. */
  async function faceTicket() {
    const processId = uniqueId('prc_r20_face');
    processIds.push(processId);
    await db.process.create({
      data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'face', status: 'open', step: 'awaiting_scan' },
    });
    const ticket = uniqueId('tkt_r20_face');
    await db.qrTicket.create({ data: { ticket, processId, provider: 'face', expiresAt: new Date(Date.now() + 600_000) } });
    return { processId, ticket };
  }

  it('issue 20, R-P10: a signed face webhook is no face result under FACE_PROVIDER=tencent (Tencent never calls back): the route is absent, nothing is signalled', async () => {
    const { ticket } = await faceTicket();
    const raw = JSON.stringify({ eventId: uniqueId('evt_r20'), ticket, type: 'passed', person: { name: '某人', documentType: 'mainland_id', documentNumber: randomMainlandId() } });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await app.request('/v1/webhooks/face', {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', 'x-signature': signWebhook(config.webhookSecrets.face, timestamp, raw), 'x-signature-timestamp': String(timestamp) },
    });
    expect(response.status).toBe(404);
    expect(signals).toEqual([]);
  });

  /** A check the worker's adapter started with DetectAuth for `ticket`, as its book records it. */
  async function started(ticket: string) {
    const bizToken = uniqueId('BIZ-R20');
    bizTokens.push(bizToken);
    await faceCheckBook(db, 15).started(ticket, bizToken, Date.now() + 600_000);
    return bizToken;
  }

  it('issue 20: a return naming a BizToken our adapter never started for that ticket (made up, another ticket\'s, another account\'s) is a 400 page that costs no call to Tencent', async () => {
    const { ticket } = await faceTicket();
    const other = await faceTicket();
    const othersToken = await started(other.ticket);
    standin.calls.length = 0;
    answer = () => ({ error: { Code: 'InternalError', Message: 'should not be asked' } });
    for (const token of ['BIZ-FORGED-1', othersToken]) {
      const response = await app.request(`/v1/face/tencent/return?ticket=${ticket}&token=${token}`);
      expect({ token, status: response.status }).toEqual({ token, status: 400 });
      expect(await response.text()).toContain('This link is not valid');
    }
    expect(standin.calls).toEqual([]);
    expect(signals).toEqual([]);
  });

  it('issue 20: a started check Tencent refuses to read (its BizToken illegal) is the 400 page, not a 500, and signals nothing', async () => {
    const { ticket } = await faceTicket();
    const bizToken = await started(ticket);
    answer = () => ({ error: { Code: 'InvalidParameterValue.BizTokenIllegal', Message: 'BizToken 非法' } });
    const response = await app.request(`/v1/face/tencent/return?ticket=${ticket}&token=${bizToken}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This link is not valid');
    expect(signals).toEqual([]);
  });

  it('issue 20: a return while Tencent throttles or is down is a 503 page the person may reload, not a 500', async () => {
    const { ticket } = await faceTicket();
    const bizToken = await started(ticket);
    answer = () => ({ error: { Code: 'RequestLimitExceeded', Message: '请求频率超限' } });
    const response = await app.request(`/v1/face/tencent/return?ticket=${ticket}&token=${bizToken}`);
    expect(response.status).toBe(503);
    expect(signals).toEqual([]);
  });

  it('R-P10: a started check Tencent reports passed for its own person is delivered once to the ticket\'s process', async () => {
    const { processId, ticket } = await faceTicket();
    const bizToken = await started(ticket);
    const person = { name: '邵核身', documentNumber: randomMainlandId() };
    answer = () => ({ response: { Text: { ErrCode: 0, ErrMsg: '成功', Name: person.name, IdCard: person.documentNumber, UseIDType: 0, Extra: ticket } } });
    expect((await app.request(`/v1/face/tencent/return?ticket=${ticket}&token=${bizToken}`)).status).toBe(200);
    expect(signals).toEqual([
      { workflowId: `wf-${processId}`, event: { provider: 'face', eventId: `tencent-faceid:${bizToken}`, ticket, type: 'passed', person: { ...person, documentType: 'mainland_id' }, receivedAt: expect.any(Number) } },
    ]);
  });
});
