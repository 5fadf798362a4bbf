import { applicant } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

const METRICS_TOKEN = 'scraper-token-0123456789abcdef0123456789abcdef';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Just enough of the text format to read back what /metrics wrote. */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1]!, pair[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with exactly these labels, 0 when absent (a counter not yet incremented); `replica` (issue 17: one API, one replica) aside. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const own = (sample: Sample) => Object.entries(sample.labels).filter(([key]) => key !== 'replica').sort();
  const found = samples.filter((sample) => sample.name === name && JSON.stringify(own(sample)) === JSON.stringify(Object.entries(labels).sort()));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

describe('GET /metrics (Prometheus text format)', () => {
  let system: RunningSystem;
  const reviewIds: string[] = [];

  beforeAll(async () => {
    system = await startSystem({ METRICS_TOKEN });
  });
  afterAll(async () => {
    await system.db.review.deleteMany({ where: { id: { in: reviewIds } } });
    await system.stop();
  });

  async function scrape(token = system.operatorToken): Promise<{ text: string; samples: Sample[] }> {
    const response = await fetch(`${system.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    return { text, samples: parse(text) };
  }

  it('answers operators and the METRICS_TOKEN scraper only (401 without a token, 403 for a holder)', async () => {
    expect((await fetch(`${system.baseUrl}/metrics`)).status).toBe(401);
    const holder = await fetch(`${system.baseUrl}/metrics`, { headers: { authorization: `Bearer ${await system.holderToken('acc_x')}` } });
    expect(holder.status).toBe(403);
    expect(holder.headers.get('content-type')).toContain('application/problem+json');
    const wrongStatic = await fetch(`${system.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrongStatic.status).toBe(401);
    const { samples } = await scrape(METRICS_TOKEN);
    expect(value(samples, 'realname_metrics_database_up')).toBe(1);
  });

  it('counts requests by route pattern and status with a latency histogram, and processes by kind, method and status from PostgreSQL', async () => {
    const accountId = uniqueId('acc');
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: accountId, displayName: 'Metrics' } });
    expect(created.status).toBe(201);
    const token = await system.holderToken(accountId);
    const before = (await scrape()).samples;

    const person = applicant();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, {
      token,
      body: { type: 'individual', method: 'wechat_qr', applicant: person },
    });
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body as { processId: string; qrCode: { ticket: string } };
    const row = await eventually(() => system.db.process.findUnique({ where: { id: processId } }), (found) => found !== null);
    const kind = row!.kind;

    expect((await http(system, 'GET', `/v1/processes/${processId}`, { token })).status).toBe(200);
    expect((await http(system, 'GET', `/v1/processes/${processId}`, { token })).status).toBe(200);
    expect((await http(system, 'GET', `/v1/processes/${processId}`, { token: await system.holderToken(uniqueId('acc')) })).status).toBe(404);
    expect((await http(system, 'GET', `/v1/processes/${processId}`)).status).toBe(401);
    expect((await http(system, 'GET', `/v1/no-such-route/${processId}`, { token })).status).toBe(404);

    const open = await scrape();
    const route = '/v1/processes/{processId}';
    const delta = (name: string, labels: Record<string, string>) => value(open.samples, name, labels) - value(before, name, labels);
    expect(delta('http_requests_total', { method: 'GET', route, status: '200' })).toBe(2);
    expect(delta('http_requests_total', { method: 'GET', route, status: '404' })).toBe(1);
    expect(delta('http_requests_total', { method: 'GET', route, status: '401' })).toBe(1);
    expect(delta('http_requests_total', { method: 'POST', route: '/v1/accounts/{accountId}/verifications', status: '201' })).toBe(1);
    expect(delta('http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    // A concrete id never becomes a label: series stay bounded by the routes.
    expect(open.text).not.toContain(processId);
    expect(open.text).not.toContain(accountId);

    // The histogram: every bucket, cumulative, +Inf equal to the count.
    const bucketLabels = (le: string) => ({ method: 'GET', route, le });
    const buckets = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'].map((le) =>
      value(open.samples, 'http_request_duration_seconds_bucket', bucketLabels(le)),
    );
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    const count = value(open.samples, 'http_request_duration_seconds_count', { method: 'GET', route });
    expect(buckets.at(-1)).toBe(count);
    expect(count - value(before, 'http_request_duration_seconds_count', { method: 'GET', route })).toBe(4);
    expect(value(open.samples, 'http_request_duration_seconds_sum', { method: 'GET', route })).toBeGreaterThan(0);

    const processes = (samples: Sample[], status: string) => value(samples, 'realname_processes', { kind, method: 'wechat_qr', status });
    expect(processes(open.samples, 'open') - processes(before, 'open')).toBe(1);

    // Completing it moves it from open to verified.
    expect((await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket })).status).toBe(200);
    await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.step === 'awaiting_authorization');
    const authorized = { eventId: uniqueId('evt'), type: 'authorized', ticket: qrCode.ticket, realName: { name: person.name, documentNumber: person.documentNumber } };
    expect((await postWebhook(system, 'wechat', authorized)).status).toBe(200);
    await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.status === 'verified');
    const done = (await scrape()).samples;
    expect(processes(done, 'open')).toBe(processes(before, 'open'));
    expect(processes(done, 'verified') - processes(before, 'verified')).toBe(1);
  });

  it('counts pending reviews and, of those, the overdue ones (due_at <= now)', async () => {
    const before = (await scrape()).samples;
    const accountId = uniqueId('acc');
    await system.db.account.create({ data: { id: accountId, displayName: 'Metrics reviews' } });
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, {
      token: await system.holderToken(accountId),
      body: { type: 'individual', method: 'wechat_qr', applicant: applicant() },
    });
    const processId = (started.body as { processId: string }).processId;
    await eventually(() => system.db.process.findUnique({ where: { id: processId } }), (found) => found !== null);
    const review = (dueInMs: number, status = 'pending') => {
      const id = uniqueId('rev');
      reviewIds.push(id);
      return { id, processId, accountId, workflowId: `review-${id}`, kind: 'enterprise_remittance', status, materials: { documents: {}, fields: {} }, rules: ['R-E6'], dueAt: new Date(Date.now() + dueInMs) };
    };
    await system.db.review.createMany({ data: [review(86_400_000), review(-60_000), review(-60_000, 'approved')] });

    const after = (await scrape()).samples;
    expect(value(after, 'realname_reviews_pending') - value(before, 'realname_reviews_pending')).toBe(2);
    expect(value(after, 'realname_reviews_overdue') - value(before, 'realname_reviews_overdue')).toBe(1);
  });

  it('counts webhooks refused by the signature check, by provider and reason', async () => {
    const before = (await scrape()).samples;
    const event = { eventId: uniqueId('evt'), type: 'scanned', ticket: 'no-such-ticket' };
    expect((await postWebhook(system, 'wechat', event, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await postWebhook(system, 'wechat', event, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await postWebhook(system, 'qq', event, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    expect((await http(system, 'POST', '/v1/webhooks/face', { body: event })).status).toBe(401);

    const after = (await scrape()).samples;
    const delta = (provider: string, reason: string) =>
      value(after, 'realname_webhook_rejections_total', { provider, reason }) - value(before, 'realname_webhook_rejections_total', { provider, reason });
    expect(delta('wechat', 'bad_signature')).toBe(2);
    expect(delta('qq', 'stale_timestamp')).toBe(1);
    expect(delta('face', 'missing')).toBe(1);
    expect(value(after, 'http_requests_total', { method: 'POST', route: '/v1/webhooks/wechat', status: '401' })).toBeGreaterThanOrEqual(2);
  });
});
