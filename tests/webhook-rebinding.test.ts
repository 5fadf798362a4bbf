import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProcessActivities } from '../activities/process';
import { deliverDueWebhooks, newSigningSecret, sealedSigningSecret, WEBHOOK_DEFAULTS } from '../activities/webhook-delivery';
import { checkedLookup } from '../activities/webhook-post';
import { nonPublicWebhookHost, type ResolveHost } from '../activities/webhook-url-guard';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { deleteAccountWithProcesses } from './support/account-cleanup';
import { uniqueId } from './support/system';

/** A made-up name: nothing but the test's resolver answers it, so a request reaching the loopback server through it went through that resolver. */
const NAME = 'hooks.example-rebind.test';
const PUBLIC = '93.184.216.34';

/** A loopback platform that counts what reaches it. */
async function loopbackPlatform() {
  const hosts: string[] = [];
  const server: Server = createServer((request, response) => {
    hosts.push(request.headers.host ?? '');
    request.resume();
    request.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, hosts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A resolver answering the given addresses in turn, the last one on every later call; it counts its calls. */
function answering(...answers: string[][]) {
  const calls: string[] = [];
  const resolveHost: ResolveHost = async (host) => {
    calls.push(host);
    return (answers[Math.min(calls.length, answers.length) - 1] ?? []).map((address) => ({ address }));
  };
  return { resolveHost, calls };
}

// Issue 19, security review (r19): the address an attempt connects to is the
// address that was judged. Checking a name and then letting fetch resolve it
// again left a DNS-rebinding window (public for the check, 127.0.0.1 or
// 169.254.169.254 for the connection); the delivery's socket now connects
// through the lookup that judged (activities/webhook-post.ts).
describe('issue 19 (r19): a webhook attempt connects only to the addresses it judged (DNS rebinding)', () => {
  let db: Database;
  const config = testConfig();
  const logger = createLogger({ level: 'silent' });
  const accountId = uniqueId('acc_wh_rebind');
  let endpointIds: string[] = [];
  let platform: Awaited<ReturnType<typeof loopbackPlatform>>;

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
  });
  beforeEach(async () => {
    platform = await loopbackPlatform();
  });
  // Each test's endpoint goes with it (its deliveries cascade), so no later event is fanned out to it.
  afterEach(async () => {
    await platform.close();
    await db.webhookEndpoint.deleteMany({ where: { id: { in: endpointIds } } });
    endpointIds = [];
  });
  afterAll(async () => {
    await deleteAccountWithProcesses(db, accountId);
    await db.$disconnect();
  });

  /** An endpoint at `url`, one process.verified event for it, one delivery pass; the endpoint's delivery row. */
  async function deliverOnce(url: string, resolveHost: ResolveHost, refuseNonPublicHosts: boolean) {
    const id = uniqueId('whe_rebind');
    endpointIds.push(id);
    await db.webhookEndpoint.create({ data: { id, url, eventTypes: ['process.verified'], secret: sealedSigningSecret(newSigningSecret(), id, config.payloadKeys) } });
    const processId = uniqueId('prc_wh_rebind');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'wechat_qr', status: 'open', step: 'starting' } });
    await createProcessActivities(db).recordStep({ processId, seq: 1, step: 'verified', status: 'verified', at: Date.now(), failureReason: null, action: null });
    const policy = { ...WEBHOOK_DEFAULTS, sendTimeoutMs: 2_000, refuseNonPublicHosts };
    await deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts: { send: async () => undefined }, policy, logger, resolveHost });
    return db.webhookDelivery.findFirstOrThrow({ where: { endpointId: id } });
  }

  test('a name public at registration that rebinds to 127.0.0.1: nothing reaches the loopback server, the attempt fails NonPublicAddress, one resolution for check and connection', async () => {
    const url = `http://${NAME}:${platform.port}/hooks`;
    const dns = answering([PUBLIC], ['127.0.0.1']);
    // The registration's check (the API asks the same function) saw a public address.
    expect(await nonPublicWebhookHost(url, dns.resolveHost)).toBeNull();
    const delivery = await deliverOnce(url, dns.resolveHost, true);
    expect(platform.hosts).toEqual([]);
    expect(delivery).toMatchObject({ attempts: 1, lastStatus: null, deliveredAt: null });
    expect(delivery.lastError).toBe(`NonPublicAddress: ${NAME} resolves to a non-public address`);
    // The attempt resolved the name once: the addresses judged are the ones the socket was given.
    expect(dns.calls).toEqual([NAME, NAME]);
  });

  test('a name always answering 127.0.0.1 gets nothing outside sandbox', async () => {
    const dns = answering(['127.0.0.1']);
    const delivery = await deliverOnce(`http://${NAME}:${platform.port}/hooks`, dns.resolveHost, true);
    expect(platform.hosts).toEqual([]);
    expect(delivery.lastError).toBe('NonPublicAddress: hooks.example-rebind.test resolves to a non-public address');
    expect(dns.calls).toEqual([NAME]);
  });

  test('with refuseNonPublicHosts false (sandbox, WEBHOOK_ALLOW_PRIVATE_URLS) the made-up name is delivered to the loopback server through the injected lookup', async () => {
    const dns = answering(['127.0.0.1']);
    const delivery = await deliverOnce(`http://${NAME}:${platform.port}/hooks`, dns.resolveHost, false);
    expect(platform.hosts).toEqual([`${NAME}:${platform.port}`]);
    expect(delivery).toMatchObject({ attempts: 1, lastStatus: 200, lastError: null });
    expect(delivery.deliveredAt).not.toBeNull();
    expect(dns.calls).toEqual([NAME]);
  });

  test.each([
    [PUBLIC, '127.0.0.1'],
    ['2606:4700::1111', '::ffff:169.254.169.254'],
    ['10.0.0.5', PUBLIC],
  ])('a name resolving to %s and %s is refused whole: nothing sent', async (first, second) => {
    const dns = answering([first, second]);
    const delivery = await deliverOnce(`http://${NAME}:${platform.port}/hooks`, dns.resolveHost, true);
    expect(platform.hosts).toEqual([]);
    const inside = [first, second].find((address) => address !== PUBLIC && address !== '2606:4700::1111');
    expect(delivery.lastError).toBe(`NonPublicAddress: ${NAME} resolves to a non-public address`);
    expect(delivery.lastError).not.toContain(inside);
  });

  test.each(['localhost', '127.0.0.1'])('outside sandbox %s is refused before any lookup (Node connects to a literal without one)', async (host) => {
    const dns = answering([PUBLIC]);
    const delivery = await deliverOnce(`http://${host}:${platform.port}/hooks`, dns.resolveHost, true);
    expect(platform.hosts).toEqual([]);
    expect(delivery.lastError).toMatch(new RegExp(`^NonPublicAddress: ${host.replace(/\./g, '\\.')} is`));
    expect(dns.calls).toEqual([]);
  });

  test('the socket lookup answers one checked address when Node asks for one, all when it races families, and refuses a mix', async () => {
    const ask = (lookup: ReturnType<typeof checkedLookup>, all: boolean, family = 0) =>
      new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
        lookup(NAME, { all, family }, (error, address, addressFamily) => resolve({ error, address, family: addressFamily })));
    const publicPair = checkedLookup(answering([PUBLIC, '2606:4700::1111']).resolveHost, true);
    expect(await ask(publicPair, false)).toEqual({ error: null, address: PUBLIC, family: 4 });
    expect(await ask(publicPair, false, 6)).toEqual({ error: null, address: '2606:4700::1111', family: 6 });
    expect((await ask(publicPair, true)).address).toEqual([{ address: PUBLIC, family: 4 }, { address: '2606:4700::1111', family: 6 }]);
    const mix = await ask(checkedLookup(answering([PUBLIC, '169.254.169.254']).resolveHost, true), false);
    expect(mix.error).toMatchObject({ name: 'NonPublicAddress', message: `${NAME} resolves to a non-public address` });
    const allowed = await ask(checkedLookup(answering([PUBLIC, '169.254.169.254']).resolveHost, false), true);
    expect(allowed).toMatchObject({ error: null, address: [{ address: PUBLIC, family: 4 }, { address: '169.254.169.254', family: 4 }] });
  });
});
