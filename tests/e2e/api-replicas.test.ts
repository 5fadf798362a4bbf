import { hostname } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../../codec/data-converter';
import { creditCodeCheckCharacter } from '../../domain';
import { processWorkflowId } from '../../workflows/process-ids';
import { freePort } from '../../scripts/infra/ports';
import { Child, FaultSystem, until } from '../faults/harness';
import { testEnvironment } from '../support/environment';
import { applicant, mainlandId } from '../support/people';
import { http, uniqueId, uploadDocument, type HttpResult } from '../support/system';

// Issue 17, scale-out correctness: two API processes (api/main.ts, as
// production runs it) and one worker, against the run's one PostgreSQL and
// Temporal. What must hold for a caller whichever replica answers: the
// per-token rate limits (counted in PostgreSQL, api/rate-windows.ts), R-G2 and
// idempotent starts (held by Temporal: the workflow id is the account's, the
// process id the key's), and each replica's /metrics names it.
const LIMITS = { starts: 4, amountEntries: 3, uploads: 3 };

describe('two API replicas on one database and one Temporal (issue 17)', () => {
  let system: FaultSystem;
  let operator: string;
  let temporal: Client;
  const replicas: Array<{ baseUrl: string; replica: string }> = [];

  beforeAll(async () => {
    system = new FaultSystem(
      { databaseUrl: testEnvironment().databaseUrl, temporalAddress: testEnvironment().temporalAddress },
      {
        RATE_LIMIT_STARTS_PER_MINUTE: String(LIMITS.starts),
        RATE_LIMIT_AMOUNT_ENTRIES_PER_MINUTE: String(LIMITS.amountEntries),
        RATE_LIMIT_UPLOADS_PER_MINUTE: String(LIMITS.uploads),
        LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000',
      },
    );
    const ports = [await freePort(), await freePort()];
    // One replica named by REPLICA_ID, the other by its default (hostname:port).
    const names = ['api-a', `${hostname()}:${ports[1]}`];
    const starting = ports.map(async (port, index) => {
      const baseUrl = `http://127.0.0.1:${port}`;
      const env = { ...system.env, PORT: String(port), PUBLIC_URL: baseUrl, ...(index === 0 ? { REPLICA_ID: names[0]! } : {}) };
      const api = new Child(`api-${index}`, [join(__dirname, '..', '..', 'api', 'main.ts')], env);
      system.children.push(api);
      await api.waitReady(async () => (await fetch(`${baseUrl}/healthz`)).ok, 240_000);
      replicas[index] = { baseUrl, replica: names[index]! };
    });
    await Promise.all([system.startWorker(), ...starting]);
    operator = await system.operatorToken();
    temporal = new Client({ connection: await Connection.connect({ address: testEnvironment().temporalAddress }), dataConverter: dataConverter(system.config) });
  }, 600_000);

  afterAll(async () => {
    await temporal?.connection.close();
    await system?.stop();
  });

  /** The replica of request `i`: they take turns. */
  const on = (i: number) => replicas[i % 2]!;

  async function account(): Promise<{ accountId: string; token: string }> {
    const accountId = uniqueId('acc');
    const created = await http(on(0), 'POST', '/v1/accounts', { token: operator, body: { id: accountId, displayName: 'replicas' } });
    expect(created.status).toBe(201);
    return { accountId, token: await system.holderToken(accountId) };
  }

  const individualStart = (accountId: string, token: string, replica: number, key?: string, person = applicant()) =>
    http(on(replica), 'POST', `/v1/accounts/${accountId}/verifications`, {
      token,
      body: { type: 'individual', method: 'wechat_qr', applicant: person },
      headers: key ? { 'idempotency-key': key } : {},
    });

  const processesOf = (accountId: string) => system.db.process.findMany({ where: { accountId }, select: { id: true } });

  it('issue 17: a token\'s process starts are limited across both replicas: the starts taking turns between them reach the limit together, then 429 on either', async () => {
    const { accountId, token } = await account();
    const key = `replicas-${uniqueId('k')}`;
    const person = applicant();
    const answers: HttpResult[] = [];
    for (let i = 0; i < LIMITS.starts + 2; i++) answers.push(await individualStart(accountId, token, i, key, person));
    // Each replica saw only three of the six; counted in one process each, none would have refused.
    expect(answers.map((a) => a.status)).toEqual([201, 200, 200, 200, 429, 429]);
    expect(new Set(answers.slice(0, LIMITS.starts).map((a) => a.body.processId)).size).toBe(1);
    for (const refused of answers.slice(LIMITS.starts)) {
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body.detail).toContain(`at most ${LIMITS.starts} process starts per minute`);
    }
  });

  it('R-E6.5: amount entries are limited per token across both replicas, so trying the 1..99 fen one by one on two replicas gains nothing', async () => {
    const { accountId, token } = await account();
    const started = await individualStart(accountId, token, 0);
    expect(started.status).toBe(201);
    const statuses: number[] = [];
    let last: HttpResult | undefined;
    for (let amountFen = 1; amountFen <= LIMITS.amountEntries + 2; amountFen++) {
      last = await http(on(amountFen), 'POST', `/v1/processes/${started.body.processId}/remittance-amount`, { token, body: { amountFen } });
      statuses.push(last.status);
    }
    // No amount is awaited in an individual verification (409), until the shared limit refuses.
    expect(statuses).toEqual([409, 409, 409, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('security finding 2: uploads are limited per token across both replicas', async () => {
    const { token } = await account();
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.uploads + 1; i++) {
      statuses.push(await uploadDocument(on(i), token, 'business_licence').then(() => 201, (error: Error) => Number(/answered (\d+)/.exec(error.message)?.[1])));
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('R-G2: two starts for one account at the same moment, one on each replica, make exactly one process; the other is refused naming it', async () => {
    for (let round = 0; round < 3; round++) {
      const { accountId, token } = await account();
      const answers = await Promise.all([individualStart(accountId, token, 0), individualStart(accountId, token, 1)]);
      const won = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status === 409);
      expect(won).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.body).toMatchObject({ rule: 'R-G2', openProcessId: won[0]!.body.processId });
      // One process in the read model, one workflow in Temporal, and it is the winner's.
      await until(() => processesOf(accountId), (rows) => rows.length > 0, 60_000, 'the process row');
      expect(await processesOf(accountId)).toEqual([{ id: won[0]!.body.processId }]);
      const workflowsOf = async () => {
        const ids: string[] = [];
        for await (const workflow of temporal.workflow.list({ query: `WorkflowId = '${processWorkflowId(accountId)}'` })) ids.push(workflow.runId);
        return ids;
      };
      // Visibility lags a little behind the start; what it lists then is every run the account ever had.
      await until(workflowsOf, (runs) => runs.length > 0, 60_000, 'the workflow listed');
      expect(await workflowsOf()).toHaveLength(1);
    }
  }, 240_000);

  it('idempotent retries: the same Idempotency-Key sent to both replicas at once gives one process and equal answers', async () => {
    for (let round = 0; round < 3; round++) {
      const { accountId, token } = await account();
      const key = `race-${uniqueId('k')}`;
      const person = applicant();
      const answers = await Promise.all([individualStart(accountId, token, 0, key, person), individualStart(accountId, token, 1, key, person)]);
      for (const answer of answers) expect([200, 201]).toContain(answer.status);
      const [a, b] = answers.map((answer) => answer.body);
      expect(a).toEqual(b);
      expect(a.qrCode.ticket).toEqual(expect.any(String));
      await until(() => processesOf(accountId), (rows) => rows.length > 0, 60_000, 'the process row');
      expect(await processesOf(accountId)).toEqual([{ id: a.processId }]);
    }
  }, 240_000);

  it('security finding 5: one Idempotency-Key with two different bodies, one on each replica at once: one starts, the other is 422 idempotency-key-reused', async () => {
    for (let round = 0; round < 2; round++) {
      const { accountId, token } = await account();
      const key = `race-${uniqueId('k')}`;
      const [first, second] = [await uploadDocument(on(0), token, 'business_licence'), await uploadDocument(on(1), token, 'business_licence')];
      const answers = await Promise.all([
        http(on(0), 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, { token, body: enterpriseBody(first), headers: { 'idempotency-key': key } }),
        http(on(1), 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, { token, body: enterpriseBody(second), headers: { 'idempotency-key': key } }),
      ]);
      const started = answers.filter((answer) => answer.status === 201);
      const reused = answers.filter((answer) => answer.status === 422);
      expect(started).toHaveLength(1);
      expect(reused).toHaveLength(1);
      expect(reused[0]!.body).toMatchObject({ type: 'https://realname.example/problems/idempotency-key-reused', processId: started[0]!.body.processId });
      // The loser's licence was not taken: it stays in the upload quota, not attached to the winner's process.
      const winnerLicence = answers[0]!.status === 201 ? first : second;
      const loserLicence = winnerLicence === first ? second : first;
      await until(() => system.db.document.findUniqueOrThrow({ where: { id: winnerLicence } }), (row) => row.processId !== null, 60_000, 'the licence taken');
      expect(await system.db.document.findUniqueOrThrow({ where: { id: loserLicence }, select: { processId: true } })).toEqual({ processId: null });
    }
  }, 240_000);

  it('issue 17: /metrics of each replica names it (REPLICA_ID, default hostname:port) on its own series', async () => {
    for (const { baseUrl, replica } of replicas) {
      const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${operator}` } });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain(`realname_api_replica_info{replica="${replica}"} 1`);
      expect(text).toMatch(new RegExp(`^http_requests_total\\{[^}]*replica="${replica.replace(/[.]/g, '\\.')}"[^}]*\\} \\d+$`, 'm'));
      const other = replicas.find((r) => r.replica !== replica)!.replica;
      expect(text).not.toContain(`replica="${other}"`);
    }
  });
});

const creditCode = () => {
  const first17 = `91350100MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
};

function enterpriseBody(licenceDocumentId: string) {
  return {
    method: 'wechat_official_account',
    enterprise: {
      licenceType: 'business_licence',
      licenceDocumentId,
      name: `福州副本测试有限公司${uniqueId('')}`,
      creditCode: creditCode(),
      address: '福建省福州市',
      contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '13800138000' },
    },
  };
}
