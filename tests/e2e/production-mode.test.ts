import type { Client } from '@temporalio/client';
import { MissingAdapters } from '../../activities/providers';
import { createApp } from '../../api/app';
import { externalSystems } from '../../config/providers';
import { createLogger } from '../../config/logger';
import type { Database } from '../../prisma/client';
import { testConfig } from '../support/environment';
import { fakeProviders, type FakeProviders } from '../support/fake-providers';
import { applicant } from '../support/people';
import { productionEnv } from '../support/production-env';
import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';

/** Every `/v1/sandbox/*` operation sandbox mode serves, read from its own OpenAPI document. */
async function sandboxOperations(): Promise<Array<{ method: string; path: string }>> {
  const app = createApp({ config: testConfig({ SANDBOX: 'true' }), db: {} as Database, temporal: {} as Client, logger: createLogger({ level: 'silent' }) });
  const spec = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths)
    .filter(([path]) => path.startsWith('/v1/sandbox/'))
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'prc_any') })));
}

// Issue 20: the real API and worker with SANDBOX=false, every port a test double that is no sandbox stand-in.
describe('production mode (SANDBOX=false) over HTTP', () => {
  let system: RunningSystem;
  let providers: FakeProviders;
  beforeAll(async () => {
    providers = fakeProviders();
    system = await startSystem(productionEnv(), { providers });
  });
  afterAll(async () => {
    await system.stop();
  });

  it('production mode: every sandbox route is 404 and absent from the OpenAPI document', async () => {
    const operations = await sandboxOperations();
    // The stand-ins of WeChat, QQ, the face check, the payment gateway and the bank.
    for (const prefix of ['/v1/sandbox/wechat/', '/v1/sandbox/qq/', '/v1/sandbox/face/', '/v1/sandbox/payments', '/v1/sandbox/payouts/']) {
      expect({ prefix, served: operations.some(({ path }) => path.startsWith(prefix)) }).toEqual({ prefix, served: true });
    }
    for (const { method, path } of operations) {
      const answer = await http(system, method, path, { body: {} });
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
      // With a token too: it is no route, not a refused caller.
      const withToken = await http(system, method, path, { token: system.operatorToken, body: {} });
      expect({ method, path, status: withToken.status }).toEqual({ method, path, status: 404 });
    }
    const spec = await http(system, 'GET', '/openapi.json');
    expect(Object.keys(spec.body.paths).filter((path) => path.startsWith('/v1/sandbox/'))).toEqual([]);
  });

  it('production mode: a verification gets its code from the configured adapter, never a sandbox link', async () => {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc_prod'), displayName: 'Production mode' } });
    const token = await system.holderToken(created.body.id);
    const started = await http(system, 'POST', `/v1/accounts/${created.body.id}/verifications`, {
      token,
      body: { type: 'individual', method: 'wechat_qr', applicant: applicant() },
    });
    expect(started.status).toBe(201);
    const ticket = started.body.qrCode.ticket as string;
    expect(started.body.qrCode.qrUrl).toBe(`https://wechat.provider.test/codes/${ticket}`);
    expect(JSON.stringify(started.body)).not.toContain('/v1/sandbox/');
    expect(providers.calls).toContainEqual({ system: 'wechat', detail: ticket });
  });
});

describe('production mode without adapters', () => {
  it('production mode: the system refuses to start, naming every external system without an adapter', async () => {
    const refused = await startSystem(productionEnv()).then(
      async (system) => {
        await system.stop();
        throw new Error('started without adapters');
      },
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(MissingAdapters);
    expect((refused as MissingAdapters).systems).toEqual(externalSystems());
    expect((refused as MissingAdapters).message).toMatch(/^configuration refused:\n {2}- WeChat QR codes \(R-P4\): WECHAT_PROVIDER=test-double names no adapter/);
  });
});
