import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { verificationSessions } from '../../api/verification-session/store';
import { applicant } from '../support/people';
import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';

// Issue 19: the hosted verification page's session, over HTTP against the real API, worker, Temporal and PostgreSQL.
describe('POST /v1/processes/{id}/session: a short-lived page for one process', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.stop();
  });

  async function started(method = 'wechat_qr') {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Session test' } })).body.id as string;
    const token = await system.holderToken(accountId);
    const start = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method, applicant: applicant() } });
    expect(start.status).toBe(201);
    return { accountId, token, processId: start.body.processId as string, qrCode: start.body.qrCode as { ticket: string; qrUrl: string } };
  }

  const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;
  const page = (sessionToken: string, suffix = '') => fetch(`${system.baseUrl}/verify/${sessionToken}${suffix}`);
  const stream = (processId: string, sessionToken: string) => {
    const abort = new AbortController();
    return fetch(`${system.baseUrl}/v1/processes/${processId}/events?session_token=${sessionToken}`, { headers: { accept: 'text/event-stream' }, signal: abort.signal }).then(
      async (response) => {
        const first = response.status === 200 ? await readFirstEvent(response) : null;
        abort.abort();
        return { status: response.status, first };
      },
    );
  };
  async function readFirstEvent(response: Response): Promise<{ processId: string; step: string }> {
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    const data = text.split('\n').find((line) => line.startsWith('data: '))!.slice(6);
    return JSON.parse(data);
  }

  it('VERIFICATION_SESSION_MINUTES sets how long the URL works: 5 minutes, in the answer and in the stored session', async () => {
    const short = await startSystem({ VERIFICATION_SESSION_MINUTES: '5' });
    try {
      const accountId = (await http(short, 'POST', '/v1/accounts', { token: short.operatorToken, body: { id: uniqueId('acc'), displayName: 'Session test' } })).body.id as string;
      const token = await short.holderToken(accountId);
      const start = await http(short, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
      expect(start.status).toBe(201);
      const before = Date.now();
      const session = await http(short, 'POST', `/v1/processes/${start.body.processId}/session`, { token });
      expect(session.status).toBe(201);
      const expiresAt = Date.parse(session.body.expiresAt);
      expect(expiresAt).toBeGreaterThan(before + 4 * 60_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
      const stored = await short.db.verificationSession.findUniqueOrThrow({ where: { processId: start.body.processId } });
      expect(stored.expiresAt.getTime()).toBe(expiresAt);
    } finally {
      await short.stop();
    }
  });

  it('the holder gets a page URL on the API origin that expires within the hour; the page shows the process under the strict CSP', async () => {
    const { token, processId } = await started();
    const before = Date.now();
    const session = await http(system, 'POST', `/v1/processes/${processId}/session`, { token });
    expect(session.status).toBe(201);
    expect(new URL(session.body.url).origin).toBe(new URL(system.config.api.publicUrl).origin);
    expect(session.body.url).toMatch(/\/verify\/vsess_[A-Za-z0-9_-]{43}$/);
    const expiresAt = Date.parse(session.body.expiresAt);
    expect(expiresAt).toBeGreaterThan(before + 59 * 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60 * 60_000);

    const shown = await page(tokenOf(session.body.url));
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
    expect(shown.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(shown.headers.get('x-frame-options')).toBe('DENY');
    const html = await shown.text();
    // Under that CSP an inline script would not run: the page's one script is a served file, the other block is data.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes]) => attributes!.trim())).toEqual(['id="page-settings" type="application/json"', 'src="/verify/assets/verify.js" defer']);
    expect(html).not.toMatch(/ on[a-z]+=|style=/);
    expect(html).toContain(processId);
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('等待扫码');
    expect(html).toContain('name="viewport"');
    const english = await (await page(tokenOf(session.body.url), '?lang=en')).text();
    expect(english).toContain('Waiting for the scan');
  });

  it('R-P7: the page route draws the code as a real QR code that decodes back to the ticket', async () => {
    const { token, processId, qrCode } = await started();
    const session = await http(system, 'POST', `/v1/processes/${processId}/session`, { token });
    const image = await page(tokenOf(session.body.url), '/qr.png');
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await image.arrayBuffer()));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(qrCode.qrUrl);
    expect(decoded?.data).toContain(qrCode.ticket);
  });

  it('the platform (operator) asks on the holder’s behalf; another holder is told the process does not exist', async () => {
    const { processId } = await started();
    const byOperator = await http(system, 'POST', `/v1/processes/${processId}/session`, { token: system.operatorToken });
    expect(byOperator.status).toBe(201);
    const other = await started();
    const byStranger = await http(system, 'POST', `/v1/processes/${processId}/session`, { token: other.token });
    expect(byStranger.status).toBe(404);
    expect((await http(system, 'POST', `/v1/processes/${processId}/session`)).status).toBe(401);
  });

  it('a new session invalidates the one before it: its page, its actions and its stream answer 401 at once', async () => {
    const { token, processId } = await started();
    const first = tokenOf((await http(system, 'POST', `/v1/processes/${processId}/session`, { token })).body.url);
    expect((await page(first)).status).toBe(200);
    expect((await stream(processId, first)).status).toBe(200);
    const second = tokenOf((await http(system, 'POST', `/v1/processes/${processId}/session`, { token: system.operatorToken })).body.url);
    expect(second).not.toBe(first);

    const old = await page(first);
    expect(old.status).toBe(401);
    expect(await old.text()).toContain('此链接已失效');
    expect((await page(first, '/panel')).status).toBe(401);
    expect((await page(first, '/qr.png')).status).toBe(401);
    expect((await fetch(`${system.baseUrl}/verify/${first}/qr-code`, { method: 'POST' })).status).toBe(401);
    expect((await stream(processId, first)).status).toBe(401);

    expect((await page(second)).status).toBe(200);
    const live = await stream(processId, second);
    expect(live.status).toBe(200);
    expect(live.first).toMatchObject({ processId, step: 'awaiting_scan' });
  });

  it('a stream opened with a session ends once a newer session replaces it, and its reconnect is refused', async () => {
    const { token, processId } = await started();
    const first = tokenOf((await http(system, 'POST', `/v1/processes/${processId}/session`, { token })).body.url);
    const response = await fetch(`${system.baseUrl}/v1/processes/${processId}/events?session_token=${first}`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    await http(system, 'POST', `/v1/processes/${processId}/session`, { token });
    // The stream re-checks its session at each re-read (every 5 s at most), then ends.
    const began = Date.now();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) expect(Date.now() - began).toBeLessThan(20_000);
    expect((await stream(processId, first)).status).toBe(401);
  });

  it("works for its own process only: another process's stream refuses it", async () => {
    const mine = await started();
    const theirs = await started();
    const session = tokenOf((await http(system, 'POST', `/v1/processes/${mine.processId}/session`, { token: mine.token })).body.url);
    expect((await stream(theirs.processId, session)).status).toBe(401);
    const asBearer = await fetch(`${system.baseUrl}/v1/processes/${theirs.processId}/events`, { headers: { authorization: `Bearer ${session}` } });
    expect(asBearer.status).toBe(401);
    await asBearer.body?.cancel();
    // As a bearer token on its own process's stream it is taken too.
    const own = await fetch(`${system.baseUrl}/v1/processes/${mine.processId}/events`, { headers: { authorization: `Bearer ${session}` } });
    expect(own.status).toBe(200);
    await own.body?.cancel();
  });

  it('a stream path that does not percent-decode (%E0%A4%A) is 401 problem+json for a valid session, not a URIError 500', async () => {
    const mine = await started();
    const session = tokenOf((await http(system, 'POST', `/v1/processes/${mine.processId}/session`, { token: mine.token })).body.url);
    for (const path of ['/v1/processes/%E0%A4%A/events', `/v1/processes/${mine.processId}%E0%A4%A/events`, '/v1/processes/%FF/events']) {
      const inQuery = await fetch(`${system.baseUrl}${path}?session_token=${session}`, { headers: { accept: 'text/event-stream' } });
      expect([path, inQuery.status]).toEqual([path, 401]);
      expect(inQuery.headers.get('content-type')).toContain('application/problem+json');
      expect(((await inQuery.json()) as { type: string }).type).toContain('unauthorized');
      const asBearer = await fetch(`${system.baseUrl}${path}`, { headers: { authorization: `Bearer ${session}` } });
      expect([path, asBearer.status]).toEqual([path, 401]);
      await asBearer.body?.cancel();
    }
  });

  it('every /v1 operation of the document but its own stream refuses the session token, as a bearer token or in the query', async () => {
    const { token, processId } = await started();
    const session = tokenOf((await http(system, 'POST', `/v1/processes/${processId}/session`, { token })).body.url);
    const document = (await http(system, 'GET', '/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    let checked = 0;
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!operation.security || operation.security.length === 0 || template.startsWith('/v1/webhooks/')) continue;
        const path = template.replace('{processId}', processId).replace(/\{[^}]+\}/g, 'x-unknown');
        if (method === 'get' && template === '/v1/processes/{processId}/events') continue;
        const headers: Record<string, string> = method === 'get' ? {} : { 'content-type': 'application/json' };
        const body = method === 'get' ? undefined : '{}';
        const asBearer = await fetch(`${system.baseUrl}${path}`, { method: method.toUpperCase(), body, headers: { ...headers, authorization: `Bearer ${session}` } });
        expect([method, template, asBearer.status]).toEqual([method, template, 401]);
        const inQuery = await fetch(`${system.baseUrl}${path}?session_token=${session}`, { method: method.toUpperCase(), body, headers });
        expect([method, template, inQuery.status]).toEqual([method, template, 401]);
        checked += 1;
      }
    }
    // The representative ones, by name: reading the process, refreshing its code, a new session, the account.
    expect(checked).toBeGreaterThan(30);
    for (const [method, path] of [
      ['GET', `/v1/processes/${processId}`],
      ['POST', `/v1/processes/${processId}/qr-code`],
      ['POST', `/v1/processes/${processId}/session`],
    ] as const) {
      expect((await http(system, method, path, { token: session })).status).toBe(401);
    }
  });

  it('an expired session opens nothing; the page routes take no bearer token either', async () => {
    const { token, processId, accountId } = await started();
    // Issued two hours ago with the hour it lives: expired an hour ago.
    const expired = await verificationSessions(system.db, () => Date.now() - 2 * 60 * 60_000).issue({ processId, accountId }, 'test');
    expect(expired.expiresAt.getTime()).toBeLessThan(Date.now());
    expect((await page(expired.token)).status).toBe(401);
    const panel = await page(expired.token, '/panel');
    expect(panel.status).toBe(401);
    expect(((await panel.json()) as { detail: string }).detail).toBe('该认证链接已过期：请重新获取'); // Chinese by default (issue 18)
    expect((await stream(processId, expired.token)).status).toBe(401);
    // The holder's own API token is no session token.
    expect((await page(token)).status).toBe(401);
    expect((await page(token, '/panel')).status).toBe(401);
  });

  it('R-E6.5: the page takes the amount in yuan and refuses anything but 0.01..0.99 naming the field; outside the amount step the API refusal comes through', async () => {
    const { token, processId } = await started();
    const session = tokenOf((await http(system, 'POST', `/v1/processes/${processId}/session`, { token })).body.url);
    const post = (body: unknown) => fetch(`${system.baseUrl}/verify/${session}/remittance-amount`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify(body) });
    const bad = await post({ amountYuan: '1.20' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: unknown[] }).errors[0]).toMatchObject({ field: 'amountYuan', rule: 'R-E6.5' });
    // An individual verification awaits no amount: the /v1 operation's own refusal (409 wrong process kind).
    const refused = await post({ amountYuan: '0.37' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { type: string }).type).toMatch(/wrong-process-kind$/);
  });
});
